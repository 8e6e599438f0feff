//! Tests of `parse_module`: conversion, unsupported constructs and CPython's syntax errors.

use super::*;
use num_bigint::BigInt;

fn parse(src: &str) -> Suite {
    match parse_module(src) {
        Ok(suite) => suite,
        Err(e) => panic!("{src:?} should parse: {e:?}"),
    }
}

fn syntax_error(src: &str) -> SyntaxError {
    match parse_module(src) {
        Err(ParseFailure::Syntax(e)) => e,
        other => panic!("{src:?} should be a syntax error, got {other:?}"),
    }
}

fn unsupported_construct(src: &str) -> String {
    match parse_module(src) {
        Err(ParseFailure::Unsupported(u)) => u.construct,
        other => panic!("{src:?} should be unsupported, got {other:?}"),
    }
}

fn text(src: &str, range: Range) -> &str {
    &src[range.start as usize..range.end as usize]
}

fn name(e: &Expr) -> &str {
    match &e.kind {
        ExprKind::Name(n) => n,
        other => panic!("expected a name, got {other:?}"),
    }
}

fn int(e: &Expr) -> BigInt {
    match &e.kind {
        ExprKind::Constant(Constant::Int(i)) => i.clone(),
        other => panic!("expected an int, got {other:?}"),
    }
}

/// Each source with what `python3.11 x.py` prints for it (recorded from CPython 3.11.7).
const CPYTHON_ERRORS: &[(&str, &str)] = &[
        // Missing ':' (invalid_*_stmt rules and forced tokens).
        ("if x\n    pass\n", "  File \"x.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n"),
        ("while x\n    pass\n", "  File \"x.py\", line 1\n    while x\n           ^\nSyntaxError: expected ':'\n"),
        ("for i in range(3)\n    print(i)\n", "  File \"x.py\", line 1\n    for i in range(3)\n                     ^\nSyntaxError: expected ':'\n"),
        ("def f()\n    pass\n", "  File \"x.py\", line 1\n    def f()\n           ^\nSyntaxError: expected ':'\n"),
        ("class A\n    pass\n", "  File \"x.py\", line 1\n    class A\n           ^\nSyntaxError: expected ':'\n"),
        ("try\n    pass\nexcept:\n    pass\n", "  File \"x.py\", line 1\n    try\n       ^\nSyntaxError: expected ':'\n"),
        ("if x:\n    pass\nelse\n    pass\n", "  File \"x.py\", line 3\n    else\n        ^\nSyntaxError: expected ':'\n"),
        ("with open(f) as g\n    pass\n", "  File \"x.py\", line 1\n    with open(f) as g\n                     ^\nSyntaxError: expected ':'\n"),
        ("if x  # comment\n    pass\n", "  File \"x.py\", line 1\n    if x  # comment\n          ^^^^^^^^^\nSyntaxError: expected ':'\n"),
        ("def test()->\n    pass\n", "  File \"x.py\", line 1\n    def test()->\n              ^^\nSyntaxError: expected ':'\n"),
        // Brackets.
        ("x = (1,\ny = 2\n", "  File \"x.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"),
        ("x = [1, 2, 3\n", "  File \"x.py\", line 1\n    x = [1, 2, 3\n        ^\nSyntaxError: '[' was never closed\n"),
        ("print(x\n", "  File \"x.py\", line 1\n    print(x\n         ^\nSyntaxError: '(' was never closed\n"),
        ("d = {'a': 1\n", "  File \"x.py\", line 1\n    d = {'a': 1\n        ^\nSyntaxError: '{' was never closed\n"),
        ("x = )\n", "  File \"x.py\", line 1\n    x = )\n        ^\nSyntaxError: unmatched ')'\n"),
        ("x = [1, 2]]\n", "  File \"x.py\", line 1\n    x = [1, 2]]\n              ^\nSyntaxError: unmatched ']'\n"),
        ("x = (1, 2]\n", "  File \"x.py\", line 1\n    x = (1, 2]\n             ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '('\n"),
        ("x = (\n    1]\n", "  File \"x.py\", line 2\n    1]\n     ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1\n"),
        ("x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((()))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n", "  File \"x.py\", line 1\n    x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((()))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n                                                                                                                                                                                                                ^\nSyntaxError: too many nested parentheses\n"),
        // Indentation.
        ("if x:\npass\n", "  File \"x.py\", line 2\n    pass\n    ^\nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("def f():\nreturn 1\n", "  File \"x.py\", line 2\n    return 1\n    ^\nIndentationError: expected an indented block after function definition on line 1\n"),
        ("for i in y:\nprint(i)\n", "  File \"x.py\", line 2\n    print(i)\n    ^\nIndentationError: expected an indented block after 'for' statement on line 1\n"),
        ("while x:\n\nx()\n", "  File \"x.py\", line 3\n    x()\n    ^\nIndentationError: expected an indented block after 'while' statement on line 1\n"),
        ("try:\nx()\nexcept:\n    pass\n", "  File \"x.py\", line 2\n    x()\n    ^\nIndentationError: expected an indented block after 'try' statement on line 1\n"),
        ("class A:\n", "  File \"x.py\", line 1\n    class A:\nIndentationError: expected an indented block after class definition on line 1\n"),
        ("if x:\n    pass\nelse:\n", "  File \"x.py\", line 3\n    else:\nIndentationError: expected an indented block after 'else' statement on line 3\n"),
        ("x = 1\n    y = 2\n", "  File \"x.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n"),
        ("if x:\n    a = 1\n  b = 2\n", "  File \"x.py\", line 3\n    b = 2\n         ^\nIndentationError: unindent does not match any outer indentation level\n"),
        ("if x:\n\ta = 1\n        b = 2\n", "  File \"x.py\", line 3\n    b = 2\nTabError: inconsistent use of tabs and spaces in indentation\n"),
        ("def f():\n    if x:\n    y = 1\n", "  File \"x.py\", line 3\n    y = 1\n    ^\nIndentationError: expected an indented block after 'if' statement on line 2\n"),
        // Strings and bytes.
        ("s = 'abc\n", "  File \"x.py\", line 1\n    s = 'abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n"),
        ("s = \"abc\nx = 1\n", "  File \"x.py\", line 1\n    s = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n"),
        ("s = '''abc\n\nx\n", "  File \"x.py\", line 1\n    s = '''abc\n        ^\nSyntaxError: unterminated triple-quoted string literal (detected at line 3)\n"),
        ("x = b'a' 'b'\n", "  File \"x.py\", line 1\n    x = b'a' 'b'\n                ^\nSyntaxError: cannot mix bytes and nonbytes literals\n"),
        ("x = b'\u{e9}'\n", "  File \"x.py\", line 1\n    x = b'\u{e9}'\n        ^^^^^\nSyntaxError: bytes can only contain ASCII literal characters\n"),
        ("x = '\\N{foo}'\n", "  File \"x.py\", line 1\n    x = '\\N{foo}'\n                 ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name\n"),
        ("x = '\\x1'\n", "  File \"x.py\", line 1\n    x = '\\x1'\n             ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape\n"),
        ("x = b'\\x1'\n", "  File \"x.py\", line 1\n    x = b'\\x1'\n              ^\nSyntaxError: (value error) invalid \\x escape at position 0\n"),
        ("x = '\\U12345678'\n", "  File \"x.py\", line 1\n    x = '\\U12345678'\n                    ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character\n"),
        // f-strings (3.11 reports expression errors on the text `(expr)`).
        ("x = f'{a b}'\n", "  File \"x.py\", line 1\n    (a b)\n     ^^^\nSyntaxError: f-string: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = f'{}'\n", "  File \"x.py\", line 1\n    x = f'{}'\n             ^\nSyntaxError: f-string: empty expression not allowed\n"),
        ("x = f'{a!x}'\n", "  File \"x.py\", line 1\n    x = f'{a!x}'\n                ^\nSyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'\n"),
        ("x = f'{a'\n", "  File \"x.py\", line 1\n    x = f'{a'\n             ^\nSyntaxError: f-string: expecting '}'\n"),
        ("x = f'}'\n", "  File \"x.py\", line 1\n    x = f'}'\n            ^\nSyntaxError: f-string: single '}' is not allowed\n"),
        ("x = f'{a#}'\n", "  File \"x.py\", line 1\n    x = f'{a#}'\n               ^\nSyntaxError: f-string expression part cannot include '#'\n"),
        ("x = f'{\\n}'\n", "  File \"x.py\", line 1\n    x = f'{\\n}'\n               ^\nSyntaxError: f-string expression part cannot include a backslash\n"),
        ("x = f'{*a}'\n", "  File \"x.py\", line 1\n    (*a)\n     ^^\nSyntaxError: f-string: cannot use starred expression here\n"),
        ("x = f'{a:{b:{c}}}'\n", "  File \"x.py\", line 1\n    x = f'{a:{b:{c}}}'\n                      ^\nSyntaxError: f-string: expressions nested too deeply\n"),
        ("x = f'{)}'\n", "  File \"x.py\", line 1\n    x = f'{)}'\n              ^\nSyntaxError: f-string: unmatched ')'\n"),
        ("x = f'{1abc}'\n", "  File \"x.py\", line 1\n    (1abc)\n     ^\nSyntaxError: invalid decimal literal\n"),
        // Assignment, deletion and loop targets.
        ("f() = 1\n", "  File \"x.py\", line 1\n    f() = 1\n    ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n"),
        ("1 = x\n", "  File \"x.py\", line 1\n    1 = x\n    ^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n"),
        ("x + 1 = 2\n", "  File \"x.py\", line 1\n    x + 1 = 2\n    ^^^^^\nSyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?\n"),
        ("(a, f()) = 1\n", "  File \"x.py\", line 1\n    (a, f()) = 1\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("None = 1\n", "  File \"x.py\", line 1\n    None = 1\n    ^^^^\nSyntaxError: cannot assign to None\n"),
        ("x = y + 1 = 2\n", "  File \"x.py\", line 1\n    x = y + 1 = 2\n        ^^^^^\nSyntaxError: cannot assign to expression\n"),
        ("[a, b] += 1\n", "  File \"x.py\", line 1\n    [a, b] += 1\n    ^^^^^^\nSyntaxError: 'list' is an illegal expression for augmented assignment\n"),
        ("a, b += 1\n", "  File \"x.py\", line 1\n    a, b += 1\n    ^^^^\nSyntaxError: 'tuple' is an illegal expression for augmented assignment\n"),
        ("del f()\n", "  File \"x.py\", line 1\n    del f()\n        ^^^\nSyntaxError: cannot delete function call\n"),
        ("for f() in x:\n    pass\n", "  File \"x.py\", line 1\n    for f() in x:\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("with a as f():\n    pass\n", "  File \"x.py\", line 1\n    with a as f():\n              ^^^\nSyntaxError: cannot assign to function call\n"),
        ("a, b: int\n", "  File \"x.py\", line 1\n    a, b: int\n    ^\nSyntaxError: only single target (not tuple) can be annotated\n"),
        ("f(): int = 1\n", "  File \"x.py\", line 1\n    f(): int = 1\n    ^^^\nSyntaxError: illegal target for annotation\n"),
        ("f(x) := 1\n", "  File \"x.py\", line 1\n    f(x) := 1\n    ^^^^\nSyntaxError: cannot use assignment expressions with function call\n"),
        ("(*a) = 1\n", "  File \"x.py\", line 1\n    (*a) = 1\n     ^^\nSyntaxError: cannot use starred expression here\n"),
        ("if x = 1:\n    pass\n", "  File \"x.py\", line 1\n    if x = 1:\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"),
        ("while x.y = 1:\n    pass\n", "  File \"x.py\", line 1\n    while x.y = 1:\n          ^^^\nSyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='?\n"),
        ("f(a.b=1)\n", "  File \"x.py\", line 1\n    f(a.b=1)\n      ^^^^\nSyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?\n"),
        ("f(True=1)\n", "  File \"x.py\", line 1\n    f(True=1)\n      ^^^^^\nSyntaxError: cannot assign to True\n"),
        // Python 2 leftovers and keywords as names.
        ("print \"hello\"\n", "  File \"x.py\", line 1\n    print \"hello\"\n    ^^^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("print x, y\n", "  File \"x.py\", line 1\n    print x, y\n    ^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("exec 'code'\n", "  File \"x.py\", line 1\n    exec 'code'\n    ^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?\n"),
        ("class = 1\n", "  File \"x.py\", line 1\n    class = 1\n          ^\nSyntaxError: invalid syntax\n"),
        ("def = 2\n", "  File \"x.py\", line 1\n    def = 2\n        ^\nSyntaxError: invalid syntax\n"),
        ("x = import\n", "  File \"x.py\", line 1\n    x = import\n        ^^^^^^\nSyntaxError: invalid syntax\n"),
        ("for = 3\n", "  File \"x.py\", line 1\n    for = 3\n        ^\nSyntaxError: invalid syntax\n"),
        ("def if():\n    pass\n", "  File \"x.py\", line 1\n    def if():\n        ^^\nSyntaxError: invalid syntax\n"),
        // Number literals.
        ("x = 1abc\n", "  File \"x.py\", line 1\n    x = 1abc\n        ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 0x\n", "  File \"x.py\", line 1\n    x = 0x\n         ^\nSyntaxError: invalid hexadecimal literal\n"),
        ("x = 0o9\n", "  File \"x.py\", line 1\n    x = 0o9\n          ^\nSyntaxError: invalid digit '9' in octal literal\n"),
        ("x = 012\n", "  File \"x.py\", line 1\n    x = 012\n        ^\nSyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n"),
        ("x = 1_\n", "  File \"x.py\", line 1\n    x = 1_\n         ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 1e\n", "  File \"x.py\", line 1\n    x = 1e\n        ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 0b102\n", "  File \"x.py\", line 1\n    x = 0b102\n            ^\nSyntaxError: invalid digit '2' in binary literal\n"),
        ("x = 1.5j_\n", "  File \"x.py\", line 1\n    x = 1.5j_\n           ^\nSyntaxError: invalid imaginary literal\n"),
        // Other grammar rules, characters, syntax newer than 3.11.
        ("a b\n", "  File \"x.py\", line 1\n    a b\n      ^\nSyntaxError: invalid syntax\n"),
        ("f(a b)\n", "  File \"x.py\", line 1\n    f(a b)\n      ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = [1 2 3]\n", "  File \"x.py\", line 1\n    x = [1 2 3]\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = {'a' 1}\n", "  File \"x.py\", line 1\n    x = {'a' 1}\n         ^^^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = $\n", "  File \"x.py\", line 1\n    x = $\n        ^\nSyntaxError: invalid syntax\n"),
        ("x = 1 +\n", "  File \"x.py\", line 1\n    x = 1 +\n           ^\nSyntaxError: invalid syntax\n"),
        ("= 1\n", "  File \"x.py\", line 1\n    = 1\n    ^\nSyntaxError: invalid syntax\n"),
        ("x = 1 if y\n", "  File \"x.py\", line 1\n    x = 1 if y\n        ^^^^^^\nSyntaxError: expected 'else' after 'if' expression\n"),
        ("f(x for x in y, 1)\n", "  File \"x.py\", line 1\n    f(x for x in y, 1)\n      ^^^^^^^^^^^^\nSyntaxError: Generator expression must be parenthesized\n"),
        ("f(a=1, b)\n", "  File \"x.py\", line 1\n    f(a=1, b)\n            ^\nSyntaxError: positional argument follows keyword argument\n"),
        ("f(**k, *a)\n", "  File \"x.py\", line 1\n    f(**k, *a)\n           ^\nSyntaxError: iterable argument unpacking follows keyword argument unpacking\n"),
        ("f(**k, a)\n", "  File \"x.py\", line 1\n    f(**k, a)\n            ^\nSyntaxError: positional argument follows keyword argument unpacking\n"),
        ("x = {'a': 1, 'b'}\n", "  File \"x.py\", line 1\n    x = {'a': 1, 'b'}\n                   ^\nSyntaxError: ':' expected after dictionary key\n"),
        ("x = {'a':}\n", "  File \"x.py\", line 1\n    x = {'a':}\n            ^\nSyntaxError: expression expected after dictionary key and ':'\n"),
        ("from x import a,\n", "  File \"x.py\", line 1\n    from x import a,\n                    ^\nSyntaxError: trailing comma not allowed without surrounding parentheses\n"),
        ("def f(a=1, b):\n    pass\n", "  File \"x.py\", line 1\n    def f(a=1, b):\n               ^\nSyntaxError: non-default argument follows default argument\n"),
        ("def f(*):\n    pass\n", "  File \"x.py\", line 1\n    def f(*):\n          ^\nSyntaxError: named arguments must follow bare *\n"),
        ("def f(**k, a):\n    pass\n", "  File \"x.py\", line 1\n    def f(**k, a):\n               ^\nSyntaxError: arguments cannot follow var-keyword argument\n"),
        ("def f(a, /, b, /):\n    pass\n", "  File \"x.py\", line 1\n    def f(a, /, b, /):\n                   ^\nSyntaxError: / may appear only once\n"),
        ("def f(*a=1):\n    pass\n", "  File \"x.py\", line 1\n    def f(*a=1):\n            ^\nSyntaxError: var-positional argument cannot have default value\n"),
        ("def f(a, (b, c)):\n    pass\n", "  File \"x.py\", line 1\n    def f(a, (b, c)):\n             ^^^^^^\nSyntaxError: Function parameters cannot be parenthesized\n"),
        ("lambda (a): 0\n", "  File \"x.py\", line 1\n    lambda (a): 0\n           ^^^\nSyntaxError: Lambda expression parameters cannot be parenthesized\n"),
        ("x = [*a for a in b]\n", "  File \"x.py\", line 1\n    x = [*a for a in b]\n         ^^\nSyntaxError: iterable unpacking cannot be used in comprehension\n"),
        ("try:\n    pass\nx = 1\n", "  File \"x.py\", line 3\n    x = 1\n    ^\nSyntaxError: expected 'except' or 'finally' block\n"),
        ("1 <> 2\n", "  File \"x.py\", line 1\n    1 <> 2\n      ^^\nSyntaxError: invalid syntax\n"),
        ("x = 5 +* 3\n", "  File \"x.py\", line 1\n    x = 5 +* 3\n           ^\nSyntaxError: invalid syntax\n"),
        ("else:\n    pass\n", "  File \"x.py\", line 1\n    else:\n    ^^^^\nSyntaxError: invalid syntax\n"),
        ("x = \u{201c}hello\u{201d}\n", "  File \"x.py\", line 1\n    x = \u{201c}hello\u{201d}\n        ^\nSyntaxError: invalid character '\u{201c}' (U+201C)\n"),
        ("x = a\u{a0}b\n", "  File \"x.py\", line 1\n    x = a\u{a0}b\n         ^\nSyntaxError: invalid non-printable character U+00A0\n"),
        ("x = 1 + \\ y\n", "  File \"x.py\", line 1\n    x = 1 + \\ y\n             ^\nSyntaxError: unexpected character after line continuation character\n"),
        ("x = 1 +\\", "  File \"x.py\", line 1\n    x = 1 +\\\n            ^\nSyntaxError: unexpected EOF while parsing\n"),
        ("x = 1\0\n", "  File \"x.py\", line 1\n    x = 1\nSyntaxError: source code cannot contain null bytes\n"),
        ("\u{e9} = 1 +\n", "  File \"x.py\", line 1\n    \u{e9} = 1 +\n            ^\nSyntaxError: invalid syntax\n"),
        ("type X = int\n", "  File \"x.py\", line 1\n    type X = int\n         ^\nSyntaxError: invalid syntax\n"),
        ("def f[T]():\n    pass\n", "  File \"x.py\", line 1\n    def f[T]():\n         ^\nSyntaxError: expected '('\n"),
        ("x = t'a'\n", "  File \"x.py\", line 1\n    x = t'a'\n         ^^^\nSyntaxError: invalid syntax\n"),
        ("%matplotlib inline\n", "  File \"x.py\", line 1\n    %matplotlib inline\n    ^\nSyntaxError: invalid syntax\n"),
        ("try:\n    pass\nexcept A, B:\n    pass\n", "  File \"x.py\", line 3\n    except A, B:\n           ^^^^\nSyntaxError: multiple exception types must be parenthesized\n"),
        // Compile stage (symbol table and compiler).
        ("return 1\n", "  File \"x.py\", line 1\n    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n"),
        ("yield 1\n", "  File \"x.py\", line 1\n    yield 1\n    ^^^^^^^\nSyntaxError: 'yield' outside function\n"),
        ("break\n", "  File \"x.py\", line 1\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"),
        ("continue\n", "  File \"x.py\", line 1\n    continue\n    ^^^^^^^^\nSyntaxError: 'continue' not properly in loop\n"),
        ("for x in y:\n    def f():\n        break\n", "  File \"x.py\", line 3\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"),
        ("def f():\n    class A:\n        return 1\n", "  File \"x.py\", line 3\n    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n"),
        ("x = [(yield) for i in y]\n", "  File \"x.py\", line 1\n    x = [(yield) for i in y]\n          ^^^^^\nSyntaxError: 'yield' inside list comprehension\n"),
        ("nonlocal x\n", "  File \"x.py\", line 1\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: nonlocal declaration not allowed at module level\n"),
        ("def f():\n    nonlocal x\n", "  File \"x.py\", line 2\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: no binding for nonlocal 'x' found\n"),
        ("def f(a, a):\n    pass\n", "  File \"x.py\", line 1\n    def f(a, a):\n             ^\nSyntaxError: duplicate argument 'a' in function definition\n"),
        ("lambda a, a: 0\n", "  File \"x.py\", line 1\n    lambda a, a: 0\n              ^\nSyntaxError: duplicate argument 'a' in function definition\n"),
        ("def f():\n    print(x)\n    global x\n", "  File \"x.py\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is used prior to global declaration\n"),
        ("def f():\n    x = 1\n    global x\n", "  File \"x.py\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is assigned to before global declaration\n"),
        ("def f(a):\n    global a\n", "  File \"x.py\", line 2\n    global a\n    ^^^^^^^^\nSyntaxError: name 'a' is parameter and global\n"),
        ("def f():\n    global x\n    x: int = 1\n", "  File \"x.py\", line 3\n    x: int = 1\n    ^^^^^^^^^^\nSyntaxError: annotated name 'x' can't be global\n"),
        ("f(a=1, a=2)\n", "  File \"x.py\", line 1\n    f(a=1, a=2)\n           ^^^\nSyntaxError: keyword argument repeated: a\n"),
        ("*a, *b = c\n", "  File \"x.py\", line 1\n    *a, *b = c\n    ^^^^^^\nSyntaxError: multiple starred expressions in assignment\n"),
        ("*a = 1\n", "  File \"x.py\", line 1\n    *a = 1\n    ^^\nSyntaxError: starred assignment target must be in a list or tuple\n"),
        ("x = *a\n", "  File \"x.py\", line 1\n    x = *a\n        ^^\nSyntaxError: can't use starred expression here\n"),
        ("__debug__ = 1\n", "  File \"x.py\", line 1\n    __debug__ = 1\n    ^^^^^^^^^\nSyntaxError: cannot assign to __debug__\n"),
        // await and async outside async functions (compiler), in annotations (symbol table)
        ("await x\n", "  File \"x.py\", line 1\n    await x\n    ^^^^^^^\nSyntaxError: 'await' outside function\n"),
        ("def f():\n    await x\n", "  File \"x.py\", line 2\n    await x\n    ^^^^^^^\nSyntaxError: 'await' outside async function\n"),
        ("f = lambda: await x\n", "  File \"x.py\", line 1\n    f = lambda: await x\n                ^^^^^^^\nSyntaxError: 'await' outside async function\n"),
        ("class C:\n    await x\n", "  File \"x.py\", line 2\n    await x\n    ^^^^^^^\nSyntaxError: 'await' outside function\n"),
        ("x: (await y) = 1\n", "  File \"x.py\", line 1\n    x: (await y) = 1\n        ^^^^^^^\nSyntaxError: 'await' outside function\n"),
        ("def f(x: await a, /, y: await b): pass\n", "  File \"x.py\", line 1\n    def f(x: await a, /, y: await b): pass\n                            ^^^^^^^\nSyntaxError: 'await' outside function\n"),
        ("[x for x in await y]\n", "  File \"x.py\", line 1\n    [x for x in await y]\n                ^^^^^^^\nSyntaxError: 'await' outside function\n"),
        ("def f():\n    [[await x for x in y] for y in z]\n", "  File \"x.py\", line 2\n    [[await x for x in y] for y in z]\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\nSyntaxError: asynchronous comprehension outside of an asynchronous function\n"),
        ("def g():\n    [x async for x in y]\n", "  File \"x.py\", line 2\n    [x async for x in y]\n    ^^^^^^^^^^^^^^^^^^^^\nSyntaxError: asynchronous comprehension outside of an asynchronous function\n"),
        ("async for x in y: pass\n", "  File \"x.py\", line 1\n    async for x in y: pass\n    ^^^^^^^^^^^^^^^^^^^^^^\nSyntaxError: 'async for' outside async function\n"),
        ("def f():\n    async with x: pass\n", "  File \"x.py\", line 2\n    async with x: pass\n    ^^^^^^^^^^^^^^^^^^\nSyntaxError: 'async with' outside async function\n"),
        ("from __future__ import annotations\nx: await y = 1\n", "  File \"x.py\", line 2\n    x: await y = 1\n       ^^^^^^^\nSyntaxError: 'await expression' can not be used within an annotation\n"),
        ("async def f():\n    def g(): await x\n", "  File \"x.py\", line 2\n    def g(): await x\n             ^^^^^^^\nSyntaxError: 'await' outside async function\n"),
        ("async def f():\n    yield from x\n", "  File \"x.py\", line 2\n    yield from x\n    ^^^^^^^^^^^^\nSyntaxError: 'yield from' inside async function\n"),
        ("def f():\n    yield 1\n    return 2\n    await x\n", "  File \"x.py\", line 3\n    return 2\n    ^^^^^^^^\nSyntaxError: 'return' with value in async generator\n"),
        ("async def f():\n    yield 1\n    return 2\n", "  File \"x.py\", line 3\n    return 2\n    ^^^^^^^^\nSyntaxError: 'return' with value in async generator\n"),
        ("def f():\n    (await x).a: int\n", "  File \"x.py\", line 2\n    (await x).a: int\n     ^^^^^^^\nSyntaxError: 'await' outside async function\n"),
        ("[f(b=1, b=2) for x in f(a=1, a=2)]\n", "  File \"x.py\", line 1\n    [f(b=1, b=2) for x in f(a=1, a=2)]\n            ^^^\nSyntaxError: keyword argument repeated: b\n"),
        ("from __future__ import annotations\ndef f(x: (y := 1)): pass\n", "  File \"x.py\", line 2\n    def f(x: (y := 1)): pass\n              ^^^^^^\nSyntaxError: 'named expression' can not be used within an annotation\n"),
        ("def f():\n    from m import *\n", "  File \"x.py\", line 2\n    from m import *\n                  ^\nSyntaxError: import * only allowed at module level\n"),
        ("x = 1\nfrom __future__ import annotations\n", "  File \"x.py\", line 2\n    from __future__ import annotations\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\nSyntaxError: from __future__ imports must occur at the beginning of the file\n"),
        ("from __future__ import braces\n", "  File \"x.py\", line 1\n    from __future__ import braces\n    ^\nSyntaxError: not a chance\n"),
        ("for x in y:\n    pass\nelse:\n    break\n", "  File \"x.py\", line 4\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"),
    ];

#[test]
fn syntax_errors_render_like_cpython() {
    for (src, want) in CPYTHON_ERRORS {
        let got = syntax_error(src).render("x.py");
        assert_eq!(&got, want, "source: {src:?}");
    }
}

#[test]
fn error_fields_follow_cpython() {
    let e = syntax_error("if x:\n\ta = 1\n        b = 2\n");
    assert_eq!((e.kind, e.line, e.col), ("TabError", 3, 1));
    let e = syntax_error("x = 1\n    y = 2\n");
    assert_eq!(
        (e.kind, e.msg.as_str()),
        ("IndentationError", "unexpected indent")
    );
    assert_eq!((e.line, e.col, e.text.as_str()), (2, 4, "    y = 2"));
    let e = syntax_error("x = (1,\ny = 2\n");
    // "was never closed" has no end (`-1 + 1`)
    assert_eq!((e.line, e.col, e.end_col), (1, 5, Some(0)));
    let e = syntax_error("f(x for x in y, 1)\n");
    assert_eq!((e.col, e.end_col), (3, Some(15)));
}

#[test]
fn exception_attributes_follow_the_raising_stage() {
    // pegen, from a string: the tokenizer's line, with the newline it was given
    let e = syntax_error("x = (1, 2");
    assert_eq!(e.text_attr(Input::String).as_deref(), Some("x = (1, 2\n"));
    assert_eq!(e.offsets(Input::String), (5, Some(0)));
    // on a line before the one the tokenizer reached: the line alone
    let e = syntax_error("x = [1, 2,\n 3");
    assert_eq!(e.text_attr(Input::String).as_deref(), Some("x = [1, 2,"));
    // the tokenizer: never a newline
    let e = syntax_error("x = 1_\n");
    assert_eq!(e.stage, Stage::Tokenizer);
    assert_eq!(e.text_attr(Input::File).as_deref(), Some("x = 1_"));
    // the compiler reads a file's line back, and has none for a string
    let e = syntax_error("return 5\n");
    assert_eq!(
        (e.stage, e.text_attr(Input::String)),
        (Stage::Compiler, None)
    );
    assert_eq!(e.text_attr(Input::File).as_deref(), Some("return 5\n"));
    assert_eq!(syntax_error("def f(a, a): pass\n").stage, Stage::Symtable);
    // a NEWLINE token has no width
    assert_eq!(syntax_error("1 +\n").end_col, Some(4));
    // at the end: a file's tokenizer has emptied its line, a string's stands after it
    let e = syntax_error("try:\n");
    assert_eq!(
        (e.offsets(Input::File).0, e.offsets(Input::String).0),
        (0, 5)
    );
    // a string's parser offsets are characters, a file's bytes
    let e = syntax_error("\u{e9} = 1 +* 2\n");
    assert_eq!(e.offsets(Input::File), (9, Some(10)));
    assert_eq!(e.offsets(Input::String), (8, Some(9)));
}

#[test]
fn render_omits_the_caret_inside_indentation() {
    let e = SyntaxError {
        kind: "SyntaxError",
        msg: "m".into(),
        line: 2,
        col: 2,
        end_line: 2,
        end_col: Some(3),
        text: "    pass".into(),
        newline: true,
        stage: Stage::Parser {
            read_to: 2,
            at_end: false,
        },
    };
    assert_eq!(
        e.render("f.py"),
        "  File \"f.py\", line 2\n    pass\nSyntaxError: m\n"
    );
    let e = SyntaxError {
        col: 7,
        end_col: Some(9),
        ..e
    };
    let want = "  File \"f.py\", line 2\n    pass\n      ^^\nSyntaxError: m\n";
    assert_eq!(e.render("f.py"), want);
}

#[test]
fn converts_a_representative_program() {
    let src = "import os.path as p, sys
from .. import x as y
from m import *

@deco
@other(1)
class C(Base, metaclass=M):
    attr: int = 1

    def method(self, a, b=2, /, c=3, *args, d, e=4, **kw) -> int:
        global g
        return f'{a!r:>{b}} {c=}' 'tail'

if a == 1:
    pass
elif a in (2, 3):
    n = 0x_ff + 0o17 + 0b1 + 1_000 + 123456789012345678901234567890
else:
    z = 1.5e3 + 2j
try:
    del a[0], b.c
except (E1, E2) as err:
    raise RuntimeError('x') from err
finally:
    s = b'a' b'\\x00'
with open(f) as fh, lock:
    for i, j in pairs:
        break
    else:
        (q := lambda u, *, v=1: u)
";
    let suite = parse(src);
    assert_eq!(suite.len(), 7);

    let StmtKind::Import(names) = &suite[0].kind else {
        panic!()
    };
    assert_eq!(names[0].name, "os.path");
    assert_eq!(names[0].asname.as_deref(), Some("p"));
    assert_eq!(text(src, names[1].range), "sys");
    let StmtKind::ImportFrom {
        module,
        names,
        level,
    } = &suite[1].kind
    else {
        panic!()
    };
    assert_eq!((module, names[0].name.as_str(), *level), (&None, "x", 2));
    let StmtKind::ImportFrom { names, .. } = &suite[2].kind else {
        panic!()
    };
    assert_eq!(names[0].name, "*");

    let StmtKind::ClassDef(class) = &suite[3].kind else {
        panic!()
    };
    assert_eq!(class.name, "C");
    assert_eq!(name(&class.decorators[0]), "deco");
    assert!(matches!(class.decorators[1].kind, ExprKind::Call { .. }));
    assert_eq!(name(&class.bases[0]), "Base");
    assert_eq!(class.keywords[0].arg.as_deref(), Some("metaclass"));
    let StmtKind::AnnAssign {
        target,
        annotation,
        value,
        simple,
    } = &class.body[0].kind
    else {
        panic!()
    };
    assert_eq!(
        (name(target), name(annotation), *simple),
        ("attr", "int", true)
    );
    assert_eq!(value.as_ref().map(int), Some(BigInt::from(1)));

    let StmtKind::FunctionDef(method) = &class.body[1].kind else {
        panic!()
    };
    let p = &method.params;
    let names = |ps: &[Param]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&p.posonly), ["self", "a", "b"]);
    assert_eq!(names(&p.args), ["c"]);
    assert_eq!(names(&p.kwonly), ["d", "e"]);
    assert_eq!(p.vararg.as_ref().map(|v| v.name.as_str()), Some("args"));
    assert_eq!(p.kwarg.as_ref().map(|v| text(src, v.range)), Some("kw"));
    assert_eq!(
        p.posonly[2].default.as_ref().map(int),
        Some(BigInt::from(2))
    );
    assert!(p.kwonly[0].default.is_none());
    let signature = "def method(self, a, b=2, /, c=3, *args, d, e=4, **kw) -> int";
    assert_eq!(text(src, method.def_range), signature);
    let StmtKind::Global(globals) = &method.body[0].kind else {
        panic!()
    };
    assert_eq!(globals, &["g"]);

    // f'{a!r:>{b}} {c=}' 'tail'
    let StmtKind::Return(Some(ret)) = &method.body[1].kind else {
        panic!()
    };
    let ExprKind::FString(parts) = &ret.kind else {
        panic!("{ret:?}")
    };
    assert_eq!(parts.len(), 4);
    let FStringPart::Formatted {
        value,
        conversion,
        format_spec,
        debug_text,
    } = &parts[0]
    else {
        panic!()
    };
    assert_eq!(
        (name(value), *conversion, debug_text),
        ("a", Some('r'), &None)
    );
    let spec = format_spec.as_deref().unwrap_or_default();
    assert!(matches!(&spec[0], FStringPart::Literal(s) if s == ">"));
    assert!(matches!(&spec[1], FStringPart::Formatted { .. }));
    assert!(matches!(&parts[1], FStringPart::Literal(s) if s == " "));
    let FStringPart::Formatted {
        conversion,
        debug_text,
        ..
    } = &parts[2]
    else {
        panic!()
    };
    assert_eq!(
        (*conversion, debug_text.as_deref()),
        (Some('r'), Some("c="))
    );
    assert!(matches!(&parts[3], FStringPart::Literal(s) if s == "tail"));

    // elif becomes a nested If, alone in orelse, ranging from `elif` to the chain's end.
    let StmtKind::If { orelse, .. } = &suite[4].kind else {
        panic!()
    };
    assert_eq!(orelse.len(), 1);
    assert!(text(src, orelse[0].range).starts_with("elif a in (2, 3):"));
    assert!(text(src, orelse[0].range).ends_with("z = 1.5e3 + 2j"));
    let StmtKind::If {
        body,
        orelse: else_body,
        ..
    } = &orelse[0].kind
    else {
        panic!()
    };
    let StmtKind::Assign { value, .. } = &body[0].kind else {
        panic!()
    };
    let mut ints = Vec::new();
    let mut e = value;
    while let ExprKind::BinOp {
        left,
        right,
        op: BinOp::Add,
    } = &e.kind
    {
        ints.push(int(right));
        e = left;
    }
    ints.push(int(e));
    ints.reverse();
    let big: BigInt = "123456789012345678901234567890".parse().unwrap();
    assert_eq!(ints, [255.into(), 15.into(), 1.into(), 1000.into(), big]);
    let StmtKind::Assign { value, .. } = &else_body[0].kind else {
        panic!()
    };
    let ExprKind::BinOp { left, right, .. } = &value.kind else {
        panic!()
    };
    assert!(matches!(left.kind, ExprKind::Constant(Constant::Float(f)) if f == 1500.0));
    assert!(matches!(right.kind, ExprKind::Constant(Constant::Complex(i)) if i == 2.0));

    let StmtKind::Try {
        body,
        handlers,
        orelse,
        finalbody,
    } = &suite[5].kind
    else {
        panic!()
    };
    assert!(matches!(&body[0].kind, StmtKind::Delete(targets) if targets.len() == 2));
    assert_eq!(handlers[0].name.as_deref(), Some("err"));
    assert!(matches!(
        handlers[0].typ.as_ref().map(|t| &t.kind),
        Some(ExprKind::Tuple(_))
    ));
    assert!(matches!(
        &handlers[0].body[0].kind,
        StmtKind::Raise { cause: Some(_), .. }
    ));
    assert!(orelse.is_empty());
    let StmtKind::Assign { value, .. } = &finalbody[0].kind else {
        panic!()
    };
    assert!(matches!(&value.kind, ExprKind::Constant(Constant::Bytes(b)) if b == b"a\0"));

    let StmtKind::With { items, body, .. } = &suite[6].kind else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].target.as_ref().map(name), Some("fh"));
    assert!(items[1].target.is_none());
    let StmtKind::For { target, orelse, .. } = &body[0].kind else {
        panic!()
    };
    assert!(matches!(&target.kind, ExprKind::Tuple(t) if t.len() == 2));
    let StmtKind::Expr(named) = &orelse[0].kind else {
        panic!()
    };
    let ExprKind::Named { target, value } = &named.kind else {
        panic!()
    };
    assert_eq!(target, "q");
    let ExprKind::Lambda { params, .. } = &value.kind else {
        panic!()
    };
    assert_eq!(
        (params.args.len(), params.kwonly[0].name.as_str()),
        (1, "v")
    );
}

#[test]
fn converts_strings_and_numbers() {
    let src =
        "a = 'x' \"y\" '''z'''\nb = f'' 'p' f'{1}' 'q'\nc = f'{x=:>4}'\nd = 1_0.5e-1\ne = 0O17\n";
    let suite = parse(src);
    let value = |i: usize| match &suite[i].kind {
        StmtKind::Assign { value, .. } => value.kind.clone(),
        other => panic!("{other:?}"),
    };
    assert!(matches!(value(0), ExprKind::Constant(Constant::Str(s)) if s == "xyz"));
    let ExprKind::FString(parts) = value(1) else {
        panic!()
    };
    assert!(matches!(&parts[0], FStringPart::Literal(s) if s == "p"));
    assert!(matches!(&parts[2], FStringPart::Literal(s) if s == "q"));
    // `=` with a format spec keeps the default conversion.
    let ExprKind::FString(parts) = value(2) else {
        panic!()
    };
    let FStringPart::Formatted {
        conversion,
        debug_text,
        ..
    } = &parts[0]
    else {
        panic!()
    };
    assert_eq!((*conversion, debug_text.as_deref()), (None, Some("x=")));
    assert!(matches!(value(3), ExprKind::Constant(Constant::Float(f)) if f == 1.05));
    assert!(matches!(value(4), ExprKind::Constant(Constant::Int(i)) if i == BigInt::from(15)));
}

#[test]
fn except_star_clauses_are_marked() {
    let suite = parse("try:\n    pass\nexcept* E:\n    pass\nexcept* (F, G) as e:\n    pass\n");
    let StmtKind::Try { handlers, .. } = &suite[0].kind else {
        panic!("expected a try statement");
    };
    assert_eq!(handlers.len(), 2);
    assert!(handlers.iter().all(|h| h.star));
    let suite = parse("try:\n    pass\nexcept E:\n    pass\n");
    let StmtKind::Try { handlers, .. } = &suite[0].kind else {
        panic!("expected a try statement");
    };
    assert!(!handlers[0].star);
}

#[test]
fn unsupported_constructs() {
    let too_deep = format!("x = {}1\n", "-".repeat(300));
    let long_sum = format!("x = {}1\n", "1 + ".repeat(300));
    let cases = [
        ("async def f():\n    pass\n", "async def"),
        (
            "async def f():\n    async for x in y:\n        pass\n",
            "async def",
        ),
        // async generator expressions are valid anywhere
        ("g = (await x for x in y)\n", "await expression"),
        ("g = (x async for x in y)\n", "async comprehension"),
        (
            "global x\nx: int = 1\n",
            "global at module level with annotation",
        ),
        (too_deep.as_str(), "code nested too deeply"),
        (long_sum.as_str(), "code nested too deeply"),
    ];
    for (src, construct) in cases {
        assert_eq!(unsupported_construct(src), construct, "source: {src:?}");
    }
    let range = match parse_module("x = 1\nasync def f(): pass\n") {
        Err(ParseFailure::Unsupported(u)) => u.range,
        other => panic!("{other:?}"),
    };
    assert_eq!(range, Range::new(6, 25));
}

#[test]
fn a_compile_error_comes_before_any_unsupported_construct() {
    let e = syntax_error("return 1\nasync def f(): pass\n");
    assert_eq!((e.msg.as_str(), e.line), ("'return' outside function", 1));
    // CPython compiles the whole module first: a compile error after it still wins
    let e = syntax_error("async def f(): pass\nreturn 1\n");
    assert_eq!((e.msg.as_str(), e.line), ("'return' outside function", 2));
    // A syntax error anywhere comes before any unsupported construct, as in CPython.
    let e = syntax_error("async def f(): pass\nx = (\n");
    assert_eq!(e.msg, "'(' was never closed");
}

#[test]
fn line_col_counts_characters() {
    let src = "é = 'ü'\r\nx = 1\ry\n😀 = 2";
    assert_eq!(line_col(src, 0), (1, 1));
    assert_eq!(line_col(src, 2), (1, 2)); // after the two bytes of 'é'
    assert_eq!(line_col(src, 6), (1, 6)); // 'ü' starts at byte 6
    assert_eq!(line_col(src, 7), (1, 6)); // inside 'ü': its start
    assert_eq!(line_col(src, 11), (2, 1)); // after "\r\n"
    assert_eq!(line_col(src, 17), (3, 1)); // after a lone "\r"
    assert_eq!(line_col(src, 23), (4, 2)); // after the 4-byte emoji
    assert_eq!(line_col(src, 1000), (4, 6));
}

#[test]
fn odd_inputs_never_panic() {
    let deep = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
    let deeper = format!("x = {}\n", "[".repeat(10_000));
    let chain = format!("x = a{}\n", ".b".repeat(100_000));
    let inputs = [
        "",
        "\n",
        "\0",
        "x = 1\0",
        "((((",
        "))))",
        "]\n[",
        "\t\tx\n  \ty\n",
        "\u{feff}",
        "\r\r\n\r",
        "x = 99999999999999999999999999999999999999999e99999",
        "0b",
        "0x_",
        "1__0",
        "'\\N{",
        "f'{",
        "f'{x!",
        "f'{x:{y:{z}}}'",
        "f'''{\n",
        "\\",
        "x = \\\n",
        "@",
        "lambda",
        "def f(",
        "class",
        "if x:\n\telse:",
        "€",
        "\u{a0}",
        "x = 'a' b'b' f'c'",
        "print 'x\n",
        "a\u{200b}b = 1",
        &deep,
        &deeper,
        &chain,
    ];
    for src in inputs {
        if let Err(ParseFailure::Syntax(e)) = parse_module(src) {
            e.render("x.py");
        }
    }
    assert!(parse_module(&deep).is_ok());
}
