# topic: pprint - nested containers broken over lines, dict keys sorted
import pprint

pprint.pprint([[[['black', 'cyan'], 'white', ['green', 'red']], [['magenta', 'yellow'], 'blue']]], width=30)
pprint.pprint({'name': 'Alice', 'scores': list(range(30)), 'nested': {'b': [1, 2], 'a': (1,)}, 3: None})
pprint.pprint({'b': list(range(12)), 'a': 'x' * 30}, indent=4, width=40)
pprint.pprint(list(range(60)), compact=True)
pprint.pprint(set(range(30)))
pprint.pprint('the quick brown fox jumps over the lazy dog ' * 3)
print(pprint.pformat({'b': 1, 'a': [1, 2]}), pprint.saferepr({'b': 1, 'a': 2}))
pprint.pp({'z': 1, 'a': 2})
