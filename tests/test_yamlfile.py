"""yamlfile.load_fast gives exactly what the line-aware PyYAML loader gives, or defers to it."""
import pytest
from hypothesis import given, settings, strategies as st

from claimset import yamlfile
from claimset.errors import InvalidInput

SCALARS = ["yes", "No", "on", "OFF", "y", "~", "null", "", "1956", "2019-01", "2019-01/2019-07", "0755", "0o17",
           "0x1F", "1_000", "1:20", "1e3", "1.0e+3", ".5", ".inf", "-.NaN", "+12", "true", "False", "<<", "=",
           "a: b", "# not a comment", "text with “curly” quotes", "x\u0085y", "x\u2028y", "tab\there", "!tag",
           "!!str 5", "&anchor", "*alias", "- dash", "[a, b]", "{a: b}", "'single'", '"double"', "émigré", "---"]


def render(value: str, style: str) -> str:
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_both(tmp_path, text: str):
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    results = []
    for load in (yamlfile.load, yamlfile.load_fast):
        try:
            results.append(load(path, "doc.yaml"))
        except InvalidInput as exc:
            results.append([str(p) for p in exc.problems])
    return results


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(st.tuples(st.sampled_from(["text", "date", "yes", "1", "note"]), st.sampled_from(SCALARS),
                                  st.sampled_from(["plain", "single", "double"]), st.booleans()),
                        min_size=1, max_size=6))
def test_fast_loader_agrees_with_pyyaml(tmp_path_factory, entries):
    lines = []
    for key, value, style, in_list in entries:
        scalar = render(value, style)
        lines.append(f"{key}:\n  - {scalar}" if in_list else f"{key}: {scalar}")
    exact, fast = load_both(tmp_path_factory.mktemp("y"), "\n".join(lines) + "\n")
    assert fast == exact


@pytest.mark.parametrize("text", ["a: yes\n", "a: 0755\n", "a: !!str 5\n", "---\na: 1\n", 'a: "x\u0085y"\n',
                                  "a: 1\na: 2\n", "<<: {b: 1}\n"])
def test_texts_yaml_versions_read_differently_go_to_pyyaml(tmp_path, text):
    exact, fast = load_both(tmp_path, text)
    assert fast == exact
    assert type(fast) is not dict or isinstance(fast, yamlfile.Mapping)  # PyYAML's own result, with lines
