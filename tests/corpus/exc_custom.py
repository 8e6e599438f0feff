# topic: exceptions - custom exception classes: args, str/repr, extra attributes, hierarchy and catch order
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, name):
        super().__init__(f'{name!r} not found')
        self.name = name
class Invalid(AppError):
    def __init__(self, field, reason):
        self.field = field
        self.reason = reason
    def __str__(self):
        return f'{self.field}: {self.reason}'
for exc in [NotFound('cfg'), Invalid('age', 'negative'), AppError('plain', 2), AppError(), ValueError('v')]:
    try:
        raise exc
    except NotFound as e:
        print('NotFound', e, repr(e), e.args, e.name)
    except AppError as e:
        print('AppError', str(e), repr(e), e.args)
    except Exception as e:
        print('other', type(e).__name__, e)
print(issubclass(NotFound, Exception), NotFound.__mro__[1:3], isinstance(NotFound('x'), AppError))
e = AppError('a', 'b')
print(str(e), e.args, str(AppError('single')), str(AppError(42)), repr(AppError(['x'])))
raise NotFound('the thing')
