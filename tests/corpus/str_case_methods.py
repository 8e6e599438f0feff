# topic: str methods - upper/lower/title/capitalize/swapcase/casefold and the is* predicates
s = 'hello World, it\'s 2024'
print(s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase(), sep='|')
print('ß'.upper(), 'ǅ'.lower(), 'STRASSE'.casefold(), 'Straße'.casefold(), 'ﬁ'.upper())
print('hello'.isalpha(), 'hello1'.isalnum(), '123'.isdigit(), '١٢٣'.isdecimal(), '½'.isnumeric(), '½'.isdigit())
print('   '.isspace(), ''.isspace(), 'ABC'.isupper(), 'abc1'.islower(), 'Hello World'.istitle(), 'Hello world'.istitle())
print('_x1'.isidentifier(), '1x'.isidentifier(), 'class'.isidentifier(), 'abc'.isascii(), 'é'.isascii(), 'a\tb'.isprintable())
print('they\'re bill\'s friends'.title(), 'o\'neil mcdonald-smith'.title())
print(''.upper() == '', 'MiXeD'.lower().upper())
