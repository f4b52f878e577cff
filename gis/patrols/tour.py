"""Closed tours on a symmetric distance matrix: nearest neighbour, then iterated local search with
2-opt and Or-opt moves (segments of 1–3 stops, either way round), each pass a numpy array of the
deltas of every possible move, the best one applied. Double-bridge kicks leave local optima.

Deterministic for a given seed. Used for patrol routes (a depot plus up to a few dozen stops).
"""
from __future__ import annotations

import time

import numpy as np

EPS = 1e-9
OR_LENGTHS = (1, 2, 3)
PATIENCE = 2.0  # rounds without progress per stop before giving up
ACCEPT = 0.005  # a kicked tour this much longer than the current one is still taken


def tour_length(d: np.ndarray, tour: np.ndarray) -> float:
    return float(d[tour, np.roll(tour, -1)].sum())


def nearest_neighbour(d: np.ndarray, start: int = 0) -> np.ndarray:
    n = len(d)
    tour = np.empty(n, dtype=np.int64)
    free = np.ones(n, dtype=bool)
    cur = start
    for k in range(n):
        tour[k] = cur
        free[cur] = False
        if k < n - 1:
            row = np.where(free, d[cur], np.inf)
            cur = int(np.argmin(row))
    return tour


class _Masks:
    """Which moves are legal for a tour of m positions (fixed per m, computed once)."""

    def __init__(self, m: int):
        i, j = np.indices((m, m))
        # 2-opt between edges (i, i+1) and (j, j+1): j ≥ i + 2, and not the pair closing the cycle
        self.two_opt = (j >= i + 2) & ~((i == 0) & (j == m - 1))
        # Or-opt: a segment at i of length L may go into edge j unless the edge touches it
        self.or_opt = {L: ((j - i + 1) % m) > L for L in OR_LENGTHS if m >= L + 3}


def _best_moves(d, t, masks):
    """The best 2-opt move and the best Or-opt move for tour t, from one permuted copy of d.

    With Dt = d[t][:, t] tiled 2×2 as P, "the stop k places further on" is a shifted slice of P, so
    every delta is a handful of whole-array operations.
    """
    m = len(t)
    dt = d[np.ix_(t, t)]
    p = np.tile(dt, (2, 2))
    idx = np.arange(m)
    dab = dt[idx, (idx + 1) % m]                     # edge from position j to j + 1
    two = dt + p[1:m + 1, 1:m + 1] - dab[:, None] - dab[None, :]
    two = np.where(masks.two_opt, two, np.inf)
    k2 = int(np.argmin(two))
    best_or = (np.inf, None)
    for L, mask in masks.or_opt.items():
        gain = dab[(idx - 1) % m] + dab[(idx + L - 1) % m] - dt[(idx - 1) % m, (idx + L) % m]
        tail_next = p[L - 1:L - 1 + m, 1:m + 1]      # d(segment end, stop after j)
        head_next = p[0:m, 1:m + 1]                  # d(segment start, stop after j)
        fwd = dt + tail_next                         # d(j, start) + d(end, j + 1)
        rev = p[L - 1:L - 1 + m, 0:m] + head_next    # d(j, end) + d(start, j + 1)
        cost = np.where(mask, np.minimum(fwd, rev) - dab[None, :] - gain[:, None], np.inf)
        k = int(np.argmin(cost))
        if cost.flat[k] < best_or[0]:
            i, j = divmod(k, m)
            best_or = (cost.flat[k], (L, i, j, bool(rev[i, j] < fwd[i, j])))
    return (two.flat[k2], divmod(k2, m)), best_or


def _apply_or_opt(t, L, i, j, reverse):
    m = len(t)
    seg = t[(i + np.arange(L)) % m]
    anchor = t[j]
    rest = np.roll(t, -(i + L))[: m - L]  # from the stop after the segment round to the one before
    pos = int(np.flatnonzero(rest == anchor)[0])
    return np.concatenate([rest[: pos + 1], seg[::-1] if reverse else seg, rest[pos + 1:]])


def local_search(d: np.ndarray, tour: np.ndarray, masks: _Masks | None = None) -> np.ndarray:
    t = tour.copy()
    m = len(t)
    if m < 4:
        return t
    masks = masks or _Masks(m)
    while True:
        (two, (i, j)), (orv, move) = _best_moves(d, t, masks)
        if min(two, orv) >= -EPS:
            return t
        if two <= orv:
            t[i + 1: j + 1] = t[i + 1: j + 1][::-1].copy()
        else:
            t = _apply_or_opt(t, *move)


def _double_bridge(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Swap two stretches of the tour: a move 2-opt and Or-opt cannot undo in one step."""
    m = len(t)
    a, b, c = np.sort(rng.choice(np.arange(1, m), size=3, replace=False))
    return np.concatenate([t[:a], t[b:c], t[a:b], t[c:]])


def solve(d: np.ndarray, *, start: int = 0, kicks: int | None = None, patience: int | None = None,
          seed: int = 0, time_limit: float | None = None) -> np.ndarray:
    """A short closed tour through every row of `d`, returned beginning at `start`.

    kicks: perturbation rounds at most (default 4 per stop); patience: stop after this many rounds
    without a shorter tour (default PATIENCE per stop, at least 20); time_limit: seconds, a safety cap.
    """
    d = np.asarray(d, dtype=float)
    d = (d + d.T) / 2  # the moves assume a symmetric matrix
    n = len(d)
    if n <= 3:
        order = [start] + [k for k in range(n) if k != start]
        return np.array(order, dtype=np.int64)
    masks = _Masks(n)
    rng = np.random.default_rng(seed)
    best = local_search(d, nearest_neighbour(d, start), masks)
    best_len = tour_length(d, best)
    cur, cur_len = best, best_len
    if n >= 8:
        kicks = 4 * n if kicks is None else kicks
        patience = max(20, int(PATIENCE * n)) if patience is None else patience
        began = time.perf_counter()
        since_best = 0
        for _ in range(kicks):
            if since_best >= patience or (time_limit is not None and time.perf_counter() - began > time_limit):
                break
            since_best += 1
            cand = local_search(d, _double_bridge(cur, rng), masks)
            cand_len = tour_length(d, cand)
            # accept a slightly longer tour now and then, to walk off a local optimum
            if cand_len < cur_len * (1 + ACCEPT):
                cur, cur_len = cand, cand_len
            if cand_len < best_len - EPS:
                best, best_len, since_best = cand, cand_len, 0
    k = int(np.flatnonzero(best == start)[0])
    return np.roll(best, -k)
