# topic: strings - non-ASCII text: len counts code points, case mapping, ord/chr, encode/decode to bytes
s = 'naïve café 日本 😀'
print(len(s), s.upper(), s[::-1], s.split(), [ord(c) for c in '日😀'])
print(chr(233), chr(0x1F600), chr(26085), '\N{GREEK SMALL LETTER ALPHA}', '\u03b1' == 'α')
e = s.encode('utf-8')
print(e, len(e), e.decode('utf-8') == s, 'é'.encode('latin-1'), 'abc'.encode('ascii'), 'é'.encode())
print('Ελληνικά'.lower(), 'ΣΑΣ'.lower(), 'ǈ'.title(), 'ŉ'.upper(), len('ŉ'.upper()))
try:
    'é'.encode('ascii')
except UnicodeEncodeError as e:
    print('UnicodeEncodeError:', e)
try:
    b'\xff'.decode('utf-8')
except UnicodeDecodeError as e:
    print('UnicodeDecodeError:', e)
print('é'.encode('ascii', 'replace'), 'é'.encode('ascii', 'ignore'), b'\xff'.decode('utf-8', 'replace'))
print(sorted(['b', 'a', 'B', 'é', 'e']), 'straße' == 'strasse', 'ﬀ'.casefold())
