# topic: builtins - chr/ord round trips, ranges, caesar cipher, and the errors for bad arguments
print(ord('A'), ord('a'), ord('0'), ord(' '), ord('\n'), ord('€'), ord('😀'), chr(65), chr(97), chr(8364), chr(10))
print([chr(c) for c in range(ord('a'), ord('f'))], ''.join(chr(ord('a') + i) for i in range(26)))
def caesar(text, shift):
    out = []
    for ch in text:
        if ch.isalpha():
            base = ord('A') if ch.isupper() else ord('a')
            out.append(chr((ord(ch) - base + shift) % 26 + base))
        else:
            out.append(ch)
    return ''.join(out)
print(caesar('Hello, World!', 3), caesar(caesar('Round Trip', 5), -5))
for bad in [lambda: ord(''), lambda: ord('ab'), lambda: ord(65), lambda: chr(0x110000), lambda: chr(-1), lambda: chr('a'), lambda: chr(1.5)]:
    try:
        bad()
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ':', e)
print(ord(b'a'), ord(bytearray(b'z')), chr(0x10FFFF) == '\U0010ffff')
