# topic: textwrap - wrapping at words, hyphens and em-dashes, fill, shorten, dedent, indent
import textwrap
t = "The quick brown fox jumps over the lazy dog. Well-known self-evident truths -- like this one -- are e-mail friendly; a--b x-y-z long-hyphenated-compound-word-here and supercalifragilisticexpialidocious words."
for w in [10, 15, 20, 33, 40, 70]:
    print(textwrap.wrap(t, w))
print(textwrap.fill(t, 30, initial_indent='* ', subsequent_indent='  '))
print(textwrap.shorten(t, 40), textwrap.shorten('Hello  world!', width=12), textwrap.shorten('Hello world', width=10, placeholder='...'))
print(textwrap.wrap(t, 25, break_on_hyphens=False, break_long_words=False))
print(textwrap.wrap('A sentence. Another one! Yes? "Quoted." end', 80, fix_sentence_endings=True))
print(repr(textwrap.dedent('''
    def f():
        return 1
\t
    x
''')), repr(textwrap.dedent('  a\n\tb\n')), repr(textwrap.indent('a\n\nb\n', '> ')))
print(textwrap.wrap('tab\there and\nnewline', 8), textwrap.wrap('', 10), textwrap.wrap('x' * 25, 10))
print(textwrap.wrap('x', 10, max_lines=1), textwrap.fill('one two three four five six', 12, max_lines=2))
try: textwrap.wrap('x', 0)
except ValueError as e: print(e)
