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


def _best_two_opt(d, t, masks):
    b = np.roll(t, -1)
    dab = d[t, b]
    delta = d[t[:, None], t[None, :]] + d[b[:, None], b[None, :]] - dab[:, None] - dab[None, :]
    delta = np.where(masks.two_opt, delta, np.inf)
    k = int(np.argmin(delta))
    return delta.flat[k], divmod(k, len(t))


def _best_or_opt(d, t, masks):
    best = (np.inf, None)
    b = np.roll(t, -1)
    dab = d[t, b]
    prev = np.roll(t, 1)
    for L, mask in masks.or_opt.items():
        s0, s1, q = t, np.roll(t, -(L - 1)), np.roll(t, -L)
        gain = d[prev, s0] + d[s1, q] - d[prev, q]
        fwd = d[t[None, :], s0[:, None]] + d[s1[:, None], b[None, :]]
        rev = d[t[None, :], s1[:, None]] + d[s0[:, None], b[None, :]]
        cost = np.minimum(fwd, rev) - dab[None, :] - gain[:, None]
        cost = np.where(mask, cost, np.inf)
        k = int(np.argmin(cost))
        if cost.flat[k] < best[0]:
            i, j = divmod(k, len(t))
            best = (cost.flat[k], (L, i, j, bool(rev[i, j] < fwd[i, j])))
    return best


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
        two, (i, j) = _best_two_opt(d, t, masks)
        orv, move = _best_or_opt(d, t, masks)
        if min(two, orv) >= -EPS:
            return t
        if two <= orv:
            t[i + 1: j + 1] = t[i + 1: j + 1][::-1].copy()
        else:
            t = _apply_or_opt(t, *move)


def _double_bridge(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    m = len(t)
    a, b, c = np.sort(rng.choice(np.arange(1, m), size=3, replace=False))
    return np.concatenate([t[:a], t[b:c], t[a:b], t[c:]])


def solve(d: np.ndarray, *, start: int = 0, kicks: int | None = None, seed: int = 0,
          time_limit: float | None = None) -> np.ndarray:
    """A short closed tour through every row of `d`, returned beginning at `start`.

    kicks: perturbation rounds (default grows with the size); time_limit: seconds, a safety cap.
    """
    d = np.asarray(d, dtype=float)
    n = len(d)
    if n <= 3:
        order = [start] + [k for k in range(n) if k != start]
        return np.array(order, dtype=np.int64)
    masks = _Masks(n)
    rng = np.random.default_rng(seed)
    best = local_search(d, nearest_neighbour(d, start), masks)
    best_len = tour_length(d, best)
    if n >= 8:
        kicks = 4 * n if kicks is None else kicks
        began = time.perf_counter()
        for _ in range(kicks):
            if time_limit is not None and time.perf_counter() - began > time_limit:
                break
            cand = local_search(d, _double_bridge(best, rng), masks)
            cand_len = tour_length(d, cand)
            if cand_len < best_len - EPS:
                best, best_len = cand, cand_len
    k = int(np.flatnonzero(best == start)[0])
    return np.roll(best, -k)
