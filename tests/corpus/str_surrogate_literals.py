# topic: strings - lone surrogate escapes survive in literals (implicit concatenation, triple quotes, raw strings)
s = "a\ud800b" "\U0001F600\udfff" + "�\ud83d"
print(ascii(s), len(s))
print(ascii("""x\ud800"""), ascii(r"\ud800"))
