"""Grouping into currents: the sparse average link is the textbook one, the batch weighting and
the names behave as documented, and the hierarchy (commune -> province -> centre) keeps every
item once with its provenance."""

from __future__ import annotations

import random

import numpy as np
import pytest
import scipy.sparse as sp

from dlxh.aggregate import ItemRef, build_currents, group_items
from dlxh.aggregate.currents import group_by_units
from dlxh.aggregate.linkage import average_linkage, merge_groups
from dlxh.aggregate.vectors import located, place_names, proper_names, vectorise
from dlxh.models import OpinionField, OpinionItem


def _textbook(similar: np.ndarray, threshold: float) -> list[list[int]]:
    """Average link as the books write it: every pair of clusters compared at every step."""
    clusters = [[i] for i in range(len(similar))]
    while True:
        best = None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                mean = similar[np.ix_(clusters[x], clusters[y])].mean()
                if mean >= threshold and (best is None or mean > best[0] + 1e-12):
                    best = (mean, x, y)
        if best is None:
            return sorted((sorted(c) for c in clusters), key=lambda c: c[0])
        _, x, y = best
        clusters[x] += clusters.pop(y)


@pytest.mark.parametrize("seed", range(6))
def test_the_sparse_average_link_is_the_textbook_one(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.random((24, 5)) ** 4  # a few strong directions: real clusters
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    similar = points @ points.T
    graph = sp.triu(sp.csr_matrix(similar), k=1)
    for threshold in (0.5, 0.7, 0.9):
        assert average_linkage(graph, threshold) == _textbook(similar, threshold)


def test_merging_groups_by_their_sums_equals_linking_their_items() -> None:
    rng = np.random.default_rng(3)
    points = rng.random((30, 6)) ** 4
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    vectors = sp.csr_matrix(points)
    threshold = 0.6
    # groups a lower level could have made: pairs of rows (here: consecutive)
    pairs = [[i, i + 1] for i in range(0, 30, 2)]
    merged = merge_groups(vectors, pairs, threshold)
    sums = np.vstack([points[p].sum(axis=0) for p in pairs])
    node_means = (sums @ sums.T) / 4.0  # mean item similarity between two pairs
    expected = _textbook_weighted(node_means, threshold)
    assert merged == sorted(
        (sorted(i for node in c for i in pairs[node]) for c in expected), key=lambda g: g[0]
    )
    assert sorted(i for g in merged for i in g) == list(range(30))


def _textbook_weighted(pair_means: np.ndarray, threshold: float) -> list[list[int]]:
    """Average link over nodes of equal size, whose item means are ``pair_means``."""
    np.fill_diagonal(pair_means, 0.0)
    return _textbook(pair_means, threshold)


def test_grouping_covers_every_text_once_and_is_deterministic() -> None:
    rng = random.Random(7)
    words = ["sạt lở", "đất", "giá", "điện", "phân bón", "bồi thường", "đường", "học sinh"]
    texts = [" ".join(rng.choice(words) for _ in range(5)) for _ in range(120)]
    groups = group_items(texts, contents=[t[::-1] for t in texts])
    assert sorted(i for g in groups for i in g) == list(range(120))
    assert all(g == sorted(g) for g in groups) and groups == sorted(groups, key=lambda g: g[0])
    assert group_items(texts, contents=[t[::-1] for t in texts]) == groups


def test_rare_words_weigh_more_than_words_every_report_uses() -> None:
    common = "nhân dân phản ánh đề nghị"
    texts = [f"{common} về việc {x}" for x in ("sạt lở bản Pa So", "giá phân bón", "học phí")]
    texts += [f"{common} sạt lở bản Pa So nghiêm trọng"]
    vectors = vectorise(texts)
    similar = (vectors @ vectors.T).toarray()
    # word sets alone would make 0 and 1 two-thirds alike (6 of their 9 syllables): the phrase
    # every report uses counts for little, the landslide for much
    assert similar[0, 1] < 0.5 < similar[0, 3]


def test_names_do_not_include_clause_openings_and_places_decide() -> None:
    assert proper_names("Lai Châu: Sạt lở đất tại bản Pa So. Người dân lo lắng") == [
        "lai châu",
        "pa so",
    ]
    assert place_names("Sạt lở đất tại bản Pa So") == {"pa so"}
    assert place_names("Ông Lò Văn A phản ánh") == frozenset()
    texts = ["Sạt lở đất tại bản Pa So", "Sạt lở đất tại bản Nậm Cuổi", "Sạt lở ở bản Pa So"]
    assert group_items(texts) == [[0, 2], [1]]


def _item(title: str, content: str = "") -> OpinionItem:
    return OpinionItem(title=title, content=content or title, field=OpinionField.ENVIRONMENT)


PARENTS = {"X1": "P1", "X2": "P1", "X3": "P2", "P1": None, "P2": None}


def test_the_hierarchy_merges_one_matter_across_communes_and_provinces() -> None:
    items = [
        _item("Giá phân bón tăng cao vụ đông xuân", "Nông dân lo giá phân bón tăng"),
        _item("Sạt lở đất tại bản Pa So sau mưa lớn", "Nhiều hộ phải di dời"),
        _item("Giá phân bón tăng mạnh", "Bà con lo lắng vì giá phân bón tăng"),
        _item("Sạt lở đất bản Pa So", "Mưa lớn gây sạt lở, hộ dân di dời"),
        _item("Phân bón tăng giá", "Giá phân bón tăng cao, nông dân lo"),
        _item("Học phí năm học mới", "Phụ huynh hỏi về mức học phí"),
    ]
    units = ["X1", "X1", "X2", "X1", "X3", None]
    groups = group_by_units(items, units, PARENTS)
    assert sorted(i for g in groups for i in g) == list(range(6))
    assert [0, 2, 4] in groups  # fertiliser prices: two communes of P1 and one of P2
    assert [1, 3] in groups and [5] in groups
    refs = [ItemRef(report=f"R{i}", reporter=f"C{i}", index=0, unit=u) for i, u in enumerate(units)]
    currents = build_currents(list(zip(items, refs, strict=True)), parents=PARENTS)
    fertiliser = next(c for c in currents if c.reflections == 3)
    assert fertiliser.units == ["X1", "X2", "X3"]
    assert [r.report for r in fertiliser.provenance] == ["R0", "R2", "R4"]


def test_a_broken_unit_tree_still_groups_every_item() -> None:
    items = [_item("Giá phân bón tăng cao"), _item("Giá phân bón tăng"), _item("Học phí")]
    looped = {"A": "B", "B": "A"}  # a cycle the synthesis reports; grouping must not hang
    groups = group_by_units(items, ["A", "B", "Z"], looped)
    assert sorted(i for g in groups for i in g) == [0, 1, 2]
    with pytest.raises(ValueError, match="units"):
        group_by_units(items, ["A"], looped)


def test_numbered_places_and_establishments_are_places() -> None:
    assert place_names("Rác thải tồn đọng tại thôn 3") == {"thôn 3"}
    assert place_names("Ô nhiễm từ nhà máy chế biến tinh bột sắn Thiên Phú") == {"thiên phú"}
    assert place_names("Ô nhiễm môi trường Thiên Phú") == frozenset()  # "môi trường" is no place
    texts = [
        "Rác thải tồn đọng tại thôn 3",
        "Rác thải tồn đọng tại thôn 5",
        "Rác tồn đọng ở thôn 3",
    ]
    assert group_items(texts) == [[0, 2], [1]]


def test_items_naming_no_place_cannot_bridge_two_places() -> None:
    texts = [
        "Sạt lở đất tại bản Pa So sau mưa lớn",
        "Sạt lở đất tại bản Pa So",
        "Sạt lở đất sau mưa lớn",  # names no place: may join either, never both
        "Sạt lở đất tại bản Nậm Cuổi sau mưa lớn",
        "Sạt lở đất tại bản Nậm Cuổi",
    ]
    groups = group_items(texts, 0.05)  # low enough that wording alone would join them all
    assert all(not ({0, 1} & set(g) and {3, 4} & set(g)) for g in groups), groups


def test_a_hamlet_of_one_commune_is_not_the_hamlet_of_another() -> None:
    items = [
        _item("Rác thải tồn đọng tại thôn 3", "Rác thải tồn đọng lâu ngày tại thôn 3"),
        _item("Rác thải tồn đọng ở thôn 3", "Rác tồn đọng lâu ngày ở thôn 3"),
        _item("Rác thải tồn đọng tại thôn 3", "Rác thải tồn đọng lâu ngày tại thôn 3"),
    ]
    groups = group_by_units(items, ["X1", "X1", "X3"], PARENTS)
    assert groups == [[0, 1], [2]]  # X3's thôn 3 is another hamlet
    assert located("Rác tại thôn 3", "X1") == {"X1/thôn 3"}
    assert located("Ô nhiễm từ nhà máy Thiên Phú", "X1") == {"thiên phú"}  # not a hamlet


def test_one_task_per_province_gives_the_same_groups() -> None:
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(11)
    matters = ["Giá phân bón tăng cao", "Sạt lở đất tại bản Pa So", "Thiếu nước sạch ở thôn 2"]
    items, units = [], []
    for _ in range(60):
        title = f"{rng.choice(matters)} {rng.choice(['', 'kéo dài', 'gây bức xúc'])}".strip()
        items.append(_item(title, f"Nhân dân phản ánh: {title.lower()}"))
        units.append(rng.choice(["X1", "X2", "X3", "P1", None]))
    alone = group_by_units(items, units, PARENTS)
    with ThreadPoolExecutor(2) as pool:
        assert group_by_units(items, units, PARENTS, executor=pool) == alone
    assert sorted(i for g in alone for i in g) == list(range(60))


class _Recording:
    """An executor that runs each task at once and remembers how many rows each one got."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def submit(self, function, *args, **kwargs):  # type: ignore[no-untyped-def]
        from concurrent.futures import Future

        if function.__name__ == "_bottom_up":  # a province's task (merges are tasks too)
            self.sizes.append(args[0].shape[0])
        done: Future[object] = Future()
        done.set_result(function(*args, **kwargs))
        return done


def test_under_one_root_each_province_is_a_task() -> None:
    parents = {"TW": None, "P1": "TW", "P2": "TW", "X1": "P1", "X2": "P1", "X3": "P2"}
    items = [_item(f"Giá phân bón tăng cao ở xã {n}") for n in range(7)]
    units = ["X1", "X2", "X3", "P1", "P2", "TW", "X1"]
    recording = _Recording()
    grouped = group_by_units(items, units, parents, executor=recording)  # type: ignore[arg-type]
    assert sorted(recording.sizes) == [1, 2, 4]  # the centre's own item, P2's two, P1's four
    assert grouped == group_by_units(items, units, parents)


def test_grouping_every_unit_in_one_call_equals_a_call_per_unit() -> None:
    from dlxh.aggregate.hierarchy import _bottom_up
    from dlxh.aggregate.similarity import link_rows

    rng = random.Random(5)
    words = ["phân bón", "sạt lở", "nước sạch", "học phí", "giá điện", "rác thải", "mưa lớn"]
    items, units = [], []
    for _ in range(90):
        title = " ".join(rng.sample(words, 3))
        items.append(_item(title.capitalize(), f"Nhân dân phản ánh {title}"))
        units.append(rng.choice(["X1", "X2", "X3"]))
    vectors = vectorise([i.title for i in items], [i.content for i in items])
    places = [located(i.title, u) for i, u in zip(items, units, strict=True)]
    fields = [i.field for i in items]
    expected = []
    for unit in ("X1", "X2", "X3"):
        rows = [i for i, u in enumerate(units) if u == unit]
        local = link_rows(vectors[rows], 0.3, places=[places[i] for i in rows], labels=fields)
        expected += [[rows[i] for i in group] for group in local]
    alone = {"X1": None, "X2": None, "X3": None}  # three roots: nothing merges above them
    titles = [i.title for i in items]
    top, sums, found = _bottom_up(vectors, units, fields, titles, alone, threshold=0.3)
    assert sorted(top) == sorted(expected)
    assert sums.shape == (len(top), vectors.shape[1])
    assert found == places


def test_smoothing_is_deterministic_and_keeps_unit_rows() -> None:
    from dlxh.aggregate.graph import similarity_graph
    from dlxh.aggregate.smoothing import RAW_FLOOR, smoothed

    texts = [
        "Giá phân bón tăng cao",
        "Giá phân bón tăng mạnh vụ đông xuân",
        "Phân bón vụ đông xuân khan hiếm",
        "Học phí năm học mới",
    ]
    vectors = vectorise(texts)
    graph = similarity_graph(vectors, RAW_FLOOR)
    once, again = smoothed(vectors, graph), smoothed(vectors, graph)
    assert (once != again).nnz == 0
    norms = np.sqrt(np.asarray(once.multiply(once).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-5)
    # a text leans towards its neighbours: 0 and 2 come closer through 1
    raw = float((vectors[0] @ vectors[2].T).toarray()[0, 0])
    assert float((once[0] @ once[2].T).toarray()[0, 0]) > raw


def test_an_amount_after_a_place_word_is_no_place_number() -> None:
    assert place_names("Nhà máy 300 triệu USD gây ô nhiễm") == frozenset()
    assert place_names("Dự án 500 tỷ đồng chậm tiến độ") == frozenset()
    assert place_names("Sạt lở quốc lộ 6 sau mưa") == {"lộ 6"}
    assert place_names("Rác thải tồn đọng tại thôn 3") == {"thôn 3"}


def test_a_word_only_one_text_holds_weighs_less_in_a_large_batch() -> None:
    texts = [f"Giá phân bón tăng cao đợt {n}" for n in range(12)]
    texts[0] += " Xyzabc"  # a word no other text has
    # the lone word takes a smaller part of text 0's length in the large batch
    assert _lone_share(vectorise(texts), 0) < _lone_share(vectorise(texts[:3]), 0)


def _lone_share(vectors: sp.csr_matrix, row: int) -> float:
    """The share of the row's squared length in features no other row has."""
    column_rows = np.diff(vectors.tocsc().indptr)
    data = vectors[row].toarray().ravel()
    lone = column_rows == 1
    return float((data[lone] ** 2).sum() / (data**2).sum())


def test_threads_vectorising_at_once_get_consistent_matrices() -> None:
    import sys
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(2)
    batches = [
        [f"Xã {rng.randrange(10**6)} phản ánh {rng.randrange(10**6)} việc {n}" for n in range(300)]
        for _ in range(8)
    ]  # new syllables in every batch: the numbering grows while others read
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(4) as pool:
            shapes = [v.shape[0] for v in pool.map(vectorise, batches)]
    finally:
        sys.setswitchinterval(interval)
    assert shapes == [300] * 8
