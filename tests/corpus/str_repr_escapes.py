# topic: repr - string repr picks quotes and escapes control, non-printable and quote characters
samples = ['plain', "it's", 'say "hi"', 'both \' and "', 'tab\there', 'new\nline', 'back\\slash',
           '\x00\x07\x1b', '\x7f', 'é ñ', '\u200b', '日本', '\U0001F600', '\r', '\ud800', '\xa0', '\xad']
for s in samples:
    print(repr(s), len(s))
print(['a', "b'", 'c"'], ('\n',), {'k\t': 'v\\'})
print(ascii('é'), ascii('日本'), ascii('\U0001F600'), ascii([1, 'ü']))
print(str('tab\there'), 'a\\nb', r'raw\n', len(r'\n'), 'multi' 'ple')
print("""triple
quoted""", '''x''' == 'x')
