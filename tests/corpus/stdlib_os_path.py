# os and os.path: the path string operations, the constants, the environment read-only
import os
import os.path
import sys
from os.path import join, splitext

print(os.name, os.sep, os.pathsep, os.curdir, os.pardir, os.extsep, repr(os.linesep), os.altsep)
print(os.path is sys.modules['os.path'], os.path.__name__, os.path.sep)
print(join('usr', 'lib', 'python3'), join('/a', '/b', 'c'), join('a', ''), join('', 'x'))
print(os.path.split('/usr/lib/x.py'), os.path.split('x.py'), os.path.split('/'), os.path.split('//a//'))
print(splitext('archive.tar.gz'), splitext('.bashrc'), splitext('a/.b.c'), splitext('no_ext'))
print(os.path.basename('/a/b/'), os.path.basename('/a/b'), os.path.dirname('/a/b/c.txt'), os.path.dirname('c'))
print(os.path.normpath('/a//b/./c/../d/'), os.path.normpath(''), os.path.normpath('../../x'), os.path.normpath('//x'))
print(os.path.isabs('/x'), os.path.isabs('x'), os.path.splitdrive('/a/b'), os.path.normcase('AbC'))
print(os.path.commonprefix(['/usr/lib', '/usr/local', '/usr/libexec']), os.path.commonprefix([]))
print(os.path.commonpath(['/usr/lib', '/usr/local/bin']), os.path.commonpath(['a/b', 'a/c']))
print(os.path.relpath('/a/b/c', '/a/d'), os.path.relpath('/a', '/a'), os.path.join(b'a', b'b'))
photos = ['img_1074.jpg', 'img_1076.JPG', 'notes.txt']
for name in photos:
    base, ext = splitext(name)
    print(base, ext.lower(), ext.lower() in ('.jpg', '.png'))

print(type(os.environ).__name__, os.getenv('REFSCOPE_SURELY_UNSET', 'default'), 'REFSCOPE_SURELY_UNSET' in os.environ)
print(os.fspath('p'), os.fsencode('é'), os.fsdecode(b'x'))


class Place:
    def __fspath__(self):
        return '/tmp/place'


print(os.fspath(Place()), join(Place(), 'f'), isinstance(Place(), os.PathLike))
for bad in (lambda: os.fspath(3), lambda: join('a', 1), lambda: join('a', b'b')):
    try:
        bad()
    except TypeError as e:
        print('TypeError:', e)
print(len(os.getcwd()) > 0, os.getcwd() == os.path.abspath('.'))
