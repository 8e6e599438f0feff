# topic: classes - __len__, __getitem__, __setitem__, __delitem__, __contains__, __iter__ on a custom container
class Deck:
    def __init__(self, cards):
        self._cards = list(cards)
    def __len__(self):
        return len(self._cards)
    def __getitem__(self, index):
        return self._cards[index]
    def __setitem__(self, index, value):
        self._cards[index] = value
    def __delitem__(self, index):
        del self._cards[index]
    def __contains__(self, card):
        print('contains called')
        return card in self._cards
    def __repr__(self):
        return f'Deck({self._cards})'
d = Deck('ABCDE')
print(len(d), d[0], d[-1], d[1:3], 'C' in d, 'Z' in d)
d[0] = 'a'
del d[1]
print(d, list(d), [c for c in d], reversed(d).__class__.__name__, list(reversed(d)))
class OnlyGetitem:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(OnlyGetitem()), 20 in OnlyGetitem(), 5 in OnlyGetitem())
class WithIter:
    def __iter__(self):
        yield 'x'
        yield 'y'
print(list(WithIter()), 'y' in WithIter(), sorted(WithIter(), reverse=True))
try:
    len(WithIter())
except TypeError as e:
    print('TypeError:', e)
try:
    WithIter()[0]
except TypeError as e:
    print('TypeError:', e)
try:
    d[10]
except IndexError as e:
    print('IndexError:', e)
