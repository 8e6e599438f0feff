# topic: statistics - NormalDist (a normal distribution as an object), covariance, correlation,
# linear_regression, and a StatisticsError's traceback at statistics.py's own lines
import statistics
from statistics import NormalDist

heights = NormalDist(mu=170, sigma=8)
print(heights, heights.mean, heights.stdev, heights.variance)
print(round(heights.cdf(180), 6), heights.pdf(170), heights.inv_cdf(0.975))
print(heights.quantiles(), heights.zscore(150), heights.overlap(NormalDist(175, 10)))
print(heights + 5, heights * 2, heights - NormalDist(1, 2), -heights == NormalDist(-170, 8))
print(NormalDist.from_samples([2.5, 3.1, 2.1, 2.4, 2.7, 3.5]))
print(heights.samples(3, seed=7), hash(heights) == hash(NormalDist(170, 8)))
x, y = [1, 2, 3, 4, 5], [2, 4, 5, 4, 5]
print(statistics.covariance(x, y), statistics.correlation(x, y))
print(statistics.linear_regression(x, y), statistics.linear_regression(x, y, proportional=True))
print(statistics.mean([1, 2, 3, 4.5]), statistics.fmean([1, 2, 3], weights=[3, 2, 1]))
for bad in (lambda: statistics.mean([]), lambda: NormalDist(0, -1), lambda: heights.inv_cdf(1.5),
            lambda: statistics.correlation([1, 1], [1, 2])):
    try:
        bad()
    except statistics.StatisticsError as e:
        tb = e.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        print(type(e).__name__, e, '|', tb.tb_frame.f_code.co_name, tb.tb_lineno)
