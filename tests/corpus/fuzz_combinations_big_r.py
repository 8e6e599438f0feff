# combinations and combinations_with_replacement hold r indices, permutations n indices and
# r cycles (PyMem_New): r past the pool's size yields nothing (the campaign's program asked
# for 10**8 indices, 800 MB, which python3 allocates; refscope counted 16 bytes an index and
# refused; issue 9, fuzz campaign seed 21)
import itertools
print(list(itertools.combinations('abcd', 10**6)))
print(list(itertools.permutations('abcd', 10**6)))
print(list(itertools.combinations_with_replacement('', 10**6)))
print(list(itertools.combinations('abcd', 5)), list(itertools.combinations('abcd', 4)))
for f in (itertools.combinations, itertools.combinations_with_replacement, itertools.permutations):
    try:
        f('ab', 2**62)
    except MemoryError as e:
        print(f.__name__, 'MemoryError', e)
