# The Python half of heapq for refscope (after CPython 3.11's Lib/heapq.py): nlargest,
# nsmallest and merge, on top of the Rust half's heappush/heappop/heapify/heapreplace.

__all__ = ['heappush', 'heappop', 'heapify', 'heapreplace', 'merge',
           'nlargest', 'nsmallest', 'heappushpop']


def merge(*iterables, key=None, reverse=False):
    entries = []
    if reverse:
        make_heap, pop_top, replace_top, sign = _heapify_max, _heappop_max, _heapreplace_max, -1
    else:
        make_heap, pop_top, replace_top, sign = heapify, heappop, heapreplace, 1

    # each entry is [sort value, position, (value,) iterator]
    if key is None:
        for position, iterator in enumerate(map(iter, iterables)):
            try:
                entries.append([next(iterator), position * sign, iterator])
            except StopIteration:
                pass
        make_heap(entries)
        while len(entries) > 1:
            try:
                while True:
                    value, position, iterator = entry = entries[0]
                    yield value
                    entry[0] = next(iterator)
                    replace_top(entries, entry)
            except StopIteration:
                pop_top(entries)
        if entries:
            value, position, iterator = entries[0]
            yield value
            yield from iterator
        return

    for position, iterator in enumerate(map(iter, iterables)):
        try:
            value = next(iterator)
            entries.append([key(value), position * sign, value, iterator])
        except StopIteration:
            pass
    make_heap(entries)
    while len(entries) > 1:
        try:
            while True:
                key_value, position, value, iterator = entry = entries[0]
                yield value
                value = next(iterator)
                entry[0] = key(value)
                entry[2] = value
                replace_top(entries, entry)
        except StopIteration:
            pop_top(entries)
    if entries:
        key_value, position, value, iterator = entries[0]
        yield value
        yield from iterator


def nsmallest(n, iterable, key=None):
    if n == 1:
        it = iter(iterable)
        missing = object()
        best = min(it, default=missing, key=key)
        return [] if best is missing else [best]
    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key)[:n]
    it = iter(iterable)
    if key is None:
        kept = [(elem, i) for i, elem in zip(range(n), it)]
        if not kept:
            return kept
        _heapify_max(kept)
        worst = kept[0][0]
        counter = n
        for elem in it:
            if elem < worst:
                _heapreplace_max(kept, (elem, counter))
                worst, _ignored = kept[0]
                counter += 1
        kept.sort()
        return [elem for (elem, counter) in kept]
    kept = [(key(elem), i, elem) for i, elem in zip(range(n), it)]
    if not kept:
        return kept
    _heapify_max(kept)
    worst = kept[0][0]
    counter = n
    for elem in it:
        k = key(elem)
        if k < worst:
            _heapreplace_max(kept, (k, counter, elem))
            worst, _ignored, _elem = kept[0]
            counter += 1
    kept.sort()
    return [elem for (k, counter, elem) in kept]


def nlargest(n, iterable, key=None):
    if n == 1:
        it = iter(iterable)
        missing = object()
        best = max(it, default=missing, key=key)
        return [] if best is missing else [best]
    try:
        size = len(iterable)
    except (TypeError, AttributeError):
        pass
    else:
        if n >= size:
            return sorted(iterable, key=key, reverse=True)[:n]
    it = iter(iterable)
    if key is None:
        kept = [(elem, i) for i, elem in zip(range(0, -n, -1), it)]
        if not kept:
            return kept
        heapify(kept)
        worst = kept[0][0]
        counter = -n
        for elem in it:
            if worst < elem:
                heapreplace(kept, (elem, counter))
                worst, _ignored = kept[0]
                counter -= 1
        kept.sort(reverse=True)
        return [elem for (elem, counter) in kept]
    kept = [(key(elem), i, elem) for i, elem in zip(range(0, -n, -1), it)]
    if not kept:
        return kept
    heapify(kept)
    worst = kept[0][0]
    counter = -n
    for elem in it:
        k = key(elem)
        if worst < k:
            heapreplace(kept, (k, counter, elem))
            worst, _ignored, _elem = kept[0]
            counter -= 1
    kept.sort(reverse=True)
    return [elem for (k, counter, elem) in kept]
