# topic: logging - levels, loggers in a hierarchy, handlers and formats
import logging
import sys

logging.basicConfig(stream=sys.stdout)
logging.debug('Debugging information')
logging.info('Informational message')
logging.warning('Warning:config file %s not found', 'server.conf')
logging.error('Error occurred')
logging.critical('Critical error -- shutting down')
log = logging.getLogger('app.db')
log.warning('from %s', 'db')
log.setLevel(logging.DEBUG)
log.debug('dbg %d', 5)
print(log, logging.getLogger('app'), log.parent.name, logging.getLogger() is logging.root)
print(log.getEffectiveLevel(), logging.getLevelName(10), logging.getLevelName('INFO'))
h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter('%(name)s - %(levelname)s - %(message)s - %(funcName)s'))
log.addHandler(h)
log.propagate = False


def f():
    log.info('inside f')


f()
h.setFormatter(logging.Formatter('{levelname}:{message}', style='{'))
log.info('brace %s', 'style')
