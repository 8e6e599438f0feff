# topic: formatting - printf-style % formatting: %s %r %d %i %f %e %g %x %o %c %%, width/precision, dict form, errors
print('%s is %d years' % ('Bob', 30), '%5.2f|%-8s|%08.3f' % (3.14159, 'left', -2.5))
print('%r %s %a' % ('q', 'q', 'é'), '%x %X %o %#x %#o' % (255, 255, 8, 255, 8), '%c%c' % (72, 'i'))
print('%e %E %g %G %.3g' % (12345.678, 0.00012, 0.00001, 1e20, 3.14159), '%i%%' % 50)
print('%(name)s has %(n)03d points' % {'name': 'Ann', 'n': 7}, '%s' % [1, 2], '%s' % (1,), '%d' % 3.99)
print('%+d % d %-5d| %5s| %.2s| %*d| %-*.*f|' % (5, 5, 5, 'ab', 'abcdef', 4, 7, 8, 2, 1.5))
print('%s' % None, '%s %s' % (True, 1.0), '%.0f %.1f' % (0.5, 0.25), '%d' % True, '%x' % -255)
for fmt, args in [('%d', 'x'), ('%s %s', ('a',)), ('%s', ('a', 'b')), ('%z', 1), ('%(k)s', 5), ('%c', 'ab')]:
    try:
        print(fmt % args)
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__ + ':', e)
print('no format' % ())
