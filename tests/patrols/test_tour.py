"""Tours: optimal on tiny instances (checked by brute force), valid and deterministic on larger ones."""
import itertools

import numpy as np
import pytest

from gis.patrols import tour


def euclid(n, seed):
    p = np.random.default_rng(seed).random((n, 2)) * 1000
    return np.hypot(*(p[:, None] - p[None]).transpose(2, 0, 1))


def brute_force(d):
    n = len(d)
    return min(tour.tour_length(d, np.array((0, *perm))) for perm in itertools.permutations(range(1, n)))


@pytest.mark.parametrize("n", [4, 5, 6, 7, 8, 9])
@pytest.mark.parametrize("seed", range(4))
def test_optimal_on_tiny_instances(n, seed):
    d = euclid(n, seed)
    t = tour.solve(d)
    assert sorted(t) == list(range(n)) and t[0] == 0
    assert tour.tour_length(d, t) == pytest.approx(brute_force(d))


def test_optimal_on_non_euclidean_road_like_distances():
    rng = np.random.default_rng(7)
    d = euclid(8, 7) * rng.uniform(1.0, 1.8, (8, 8))
    d = (d + d.T) / 2
    np.fill_diagonal(d, 0)
    assert tour.tour_length(d, tour.solve(d)) == pytest.approx(brute_force(d))


def test_starts_at_the_given_stop_and_is_deterministic():
    d = euclid(40, 3)
    a, b = tour.solve(d, start=5, seed=1), tour.solve(d, start=5, seed=1)
    assert a[0] == 5 and sorted(a) == list(range(40)) and list(a) == list(b)


def test_local_search_never_lengthens_and_reaches_two_opt_optimum():
    d = euclid(30, 11)
    start = np.arange(30)
    t = tour.local_search(d, start)
    assert tour.tour_length(d, t) < tour.tour_length(d, start)
    # no improving 2-opt move remains
    m = len(t)
    for i in range(m - 1):
        for j in range(i + 2, m):
            if i == 0 and j == m - 1:
                continue
            a, b, c, e = t[i], t[i + 1], t[j], t[(j + 1) % m]
            assert d[a, c] + d[b, e] >= d[a, b] + d[c, e] - 1e-9


def test_or_opt_move_keeps_every_stop():
    t = np.arange(10)
    for L in (1, 2, 3):
        for i in range(10):
            for j in range(10):
                if ((j - i + 1) % 10) > L:
                    for rev in (False, True):
                        assert sorted(tour._apply_or_opt(t, L, i, j, rev)) == list(range(10))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_trivial_sizes(n):
    assert list(tour.solve(np.zeros((n, n)))) == list(range(n))
