# unittest: a suite run by TextTestRunner into a StringIO; the failure messages, diffs and the
# summary are CPython's (the time figure is replaced: it is the clock's; so is the script's
# path, which python3 makes absolute)
import io
import os
import re
import unittest


def average(values):
    return sum(values) / len(values)


class TestAverage(unittest.TestCase):
    """Averages."""

    def setUp(self):
        self.values = [20, 30, 70]

    def test_average(self):
        self.assertEqual(average(self.values), 40.0)
        self.assertAlmostEqual(average([1, 5, 7]), 4.333333, places=5)
        with self.assertRaises(ZeroDivisionError):
            average([])
        with self.assertRaises(TypeError) as cm:
            average(20, 30, 70)
        print('caught:', cm.exception)

    def test_wrong(self):
        """The mean of two numbers."""
        self.assertEqual(average([1, 2]), 2)

    def test_lists(self):
        self.assertEqual(self.values, [20, 30, 71])

    def test_strings(self):
        self.assertEqual('hello world\n', 'hello wrold\n')

    def test_dicts(self):
        self.assertEqual({'a': 1, 'b': 2}, {'a': 1, 'b': 3})

    def test_error(self):
        return self.values[10]

    def test_bools(self):
        self.assertTrue(0, 'zero is false')

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertLess(i, 3)

    @unittest.skip('not today')
    def test_skipped(self):
        self.fail('never')

    @unittest.expectedFailure
    def test_known_bug(self):
        self.assertEqual(1, 0)

    def test_containers(self):
        self.assertIn(20, self.values)
        self.assertNotIn(5, self.values)
        self.assertIsNone(None)
        self.assertIsInstance(self.values, list)
        self.assertCountEqual([1, 2, 2], [2, 1, 2])
        self.assertGreater(3, 2)
        self.assertRegex('refscope', 'ref.*')


class TestRaises(unittest.TestCase):
    def test_not_raised(self):
        with self.assertRaises(ValueError):
            int('12')

    def test_callable_form(self):
        self.assertRaises(KeyError, {}.__getitem__, 'k')


stream = io.StringIO()
runner = unittest.TextTestRunner(stream=stream, verbosity=2)
loader = unittest.defaultTestLoader
suite = unittest.TestSuite([loader.loadTestsFromTestCase(TestAverage),
                            loader.loadTestsFromTestCase(TestRaises)])
print(suite.countTestCases(), 'tests')
result = runner.run(suite)
text = stream.getvalue().replace(__file__, os.path.basename(__file__))
print(re.sub(r'in \d+\.\d+s', 'in <time>', text))
print(result)
print(result.wasSuccessful(), len(result.failures), len(result.errors), result.skipped)
case = TestAverage('test_wrong')
print(case, repr(case), case.id(), case.shortDescription())
print(unittest.TestCase.__module__, unittest.TextTestRunner.__module__, unittest.TestSuite)
