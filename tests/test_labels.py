"""EDTF bounds: the fast path for plain dates agrees with the edtf library everywhere (reversed intervals refused)."""
from hypothesis import given, settings, strategies as st

from claimset.labels import _edtf_library_bounds, edtf_bounds

from conftest import examples

part = st.builds(lambda y, m, d, precision: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:precision]),
                 st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(1, 3))


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(part, st.builds(lambda a, b: f"{a}/{b}", part, part),
                 st.text(st.sampled_from("0129-/?~X."), max_size=12)))
def test_fast_bounds_agree_with_the_edtf_library(value):
    edtf_bounds.cache_clear()
    library = _edtf_library_bounds(value)
    # the library accepts an interval that ends before it starts; the contract does not
    assert edtf_bounds(value) == (library if library is None or library[0] <= library[1] else None)


def test_examples():
    import datetime as dt

    assert edtf_bounds("2019-01/2019-07") == (dt.date(2019, 1, 1), dt.date(2019, 7, 31))
    assert edtf_bounds("2020-02") == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert edtf_bounds("2019-02-29") is None and edtf_bounds("2019-13") is None
    assert edtf_bounds("1956~") is not None  # uncertain dates go to the library
    assert edtf_bounds("2019-07/2019-01") is None  # reversed: refused, not read as an empty range
