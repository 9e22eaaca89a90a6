"""yamlfile.load_fast gives exactly what the line-aware PyYAML loader gives, or defers to it; both refuse
nesting deeper than MAX_DEPTH with the line, before anything recurses."""
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from claimset import yamlfile
from claimset.cli import cli
from claimset.errors import InvalidInput
from conftest import SOURCE_ID, edit, examples, line_of

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


@settings(max_examples=examples(300), deadline=None)
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
                                  "a: 1\na: 2\n", "<<: {b: 1}\n", "a: &x [1]\nb: *x\n"])
def test_texts_yaml_versions_read_differently_go_to_pyyaml(tmp_path, text):
    exact, fast = load_both(tmp_path, text)
    assert fast == exact
    assert type(fast) is not dict or isinstance(fast, yamlfile.Mapping)  # PyYAML's own result, with lines


def nested(depth: int, style: str) -> str:
    """A mapping whose ``deep`` value holds collections ``depth`` levels deep in all (the mapping is level 1)."""
    inner = depth - 1
    if style == "flow":
        return "top: 1\ndeep: " + "[" * inner + "]" * inner + "\n"
    if style == "flow mapping":
        return "top: 1\ndeep: " + "{a: " * inner + "1" + "}" * inner + "\n"
    return "top: 1\ndeep:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(inner - 1)) + "  " * inner + "k: v\n"


@pytest.mark.parametrize("style", ["flow", "flow mapping", "block"])
def test_nesting_deeper_than_the_limit_is_a_problem_on_its_line_before_any_recursion(tmp_path, style):
    assert yamlfile.MAX_DEPTH == 64
    exact, fast = load_both(tmp_path, nested(64, style))
    assert exact == fast and isinstance(exact, dict)  # the limit itself is fine
    line = 2 if style.startswith("flow") else 2 + 64  # where the 65th collection starts
    for depth in (65, 900):
        exact, fast = load_both(tmp_path, nested(depth, style))
        assert exact == fast == [f"doc.yaml:{line}: nested deeper than 64 levels; flatten it"]


def test_libyaml_nesting_limit_reads_as_the_same_problem(tmp_path):
    exact, fast = load_both(tmp_path, "a: " + "[" * 1500 + "]" * 1500 + "\n")
    assert exact == fast == ["doc.yaml:1: nested deeper than 64 levels; flatten it"]


def test_pure_python_loader_refuses_deep_text_too():
    with pytest.raises(yamlfile.TooDeep) as caught:
        yamlfile.parse("\n" + "[" * 900 + "]" * 900 + "\n", yaml.SafeLoader)
    assert caught.value.line == 2


def test_aliases_count_at_the_depth_they_are_used_and_cycles_are_refused(tmp_path):
    shared = "[" * 40 + "]" * 40
    exact, fast = load_both(tmp_path, f"a: &x {shared}\nb:\n  - *x\n")  # 1 + 1 + 40 levels: fine
    assert exact == fast and exact["b"] == [exact["a"]]
    exact, fast = load_both(tmp_path, f"a: &x {shared}\nb:\n  - [[[[[[[[[[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]]]]]]]]]\n")
    assert exact == fast == ["doc.yaml:3: nested deeper than 64 levels; flatten it"]
    exact, fast = load_both(tmp_path, "a: 1\nb: &x [1, *x]\n")
    assert exact == fast == ["doc.yaml:2: self-referencing (an alias inside its own anchor); write the value out"]


def test_many_aliases_of_aliases_are_measured_once(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]  # 10^9 paths, 90 nodes
    exact = yamlfile.parse("\n".join(lines) + "\n")
    assert exact["a8"][0][0] is exact["a6"]


INPUTS = [("speakers.yaml", "aliases: []", "aliases: {}", "aliases: [["),
          ("verdicts.yaml", "method: >-", "note: {}\nmethod: >-", "note: [["),
          (f"sources/{SOURCE_ID}/source.yaml", "title:", "extra: {}\ntitle:", "extra: [["),
          (f"sources/{SOURCE_ID}/annotations.yaml", "    claim_type: prediction",
           "    claim_type: prediction\n    extra: {}", "    extra: [[")]


@pytest.mark.parametrize("name, old, new, marker", INPUTS)
def test_build_refuses_deep_yaml_in_every_input_as_invalid_data(repo, name, old, new, marker):
    edit(repo / name, old, new.format("[" * 700 + "]" * 700))
    result = CliRunner().invoke(cli, ["build", "--check", "--root", str(repo)])
    assert result.exit_code == 1, result.output
    assert result.output == (f"{name}:{line_of(repo / name, marker)}: nested deeper than 64 levels; flatten it\n"
                             "Error: 1 problem in the inputs; nothing was written.\n")


DEEP = "nested deeper than 64 levels; flatten it"


@pytest.mark.parametrize("indicator, message", [("- ", DEEP), ("? ", DEEP), ("-  ", DEEP),
                                                (": - ", "YAML syntax error: did not find expected key")])
def test_fast_loader_never_hands_deep_block_nesting_to_yaml_rs(tmp_path, indicator, message):
    """yaml-rs recurses without limit on block nesting: 100,000 levels end the process (so: a subprocess)."""
    path = tmp_path / "doc.yaml"
    path.write_text(indicator * 100_000 + "x\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from claimset import yamlfile\n"
            "try:\n    yamlfile.load_fast(Path(sys.argv[1]), 'doc.yaml')\n"
            "except yamlfile.InvalidInput as exc:\n    print(*exc.problems)\n")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout) == (0, f"doc.yaml:1: {message}\n")


@pytest.mark.parametrize("value, written", [
    ("ana-duarte", "ana-duarte"), ("48", '"48"'), ("2019", '"2019"'), ("no", '"no"'), ("null", '"null"'),
    ("on", '"on"'), ("0x1f", '"0x1f"'), ("Ana Duarte", '"Ana Duarte"'),
])
def test_an_id_is_written_bare_only_where_it_reads_back_as_text(tmp_path, value, written):
    assert yamlfile.word(value) == written
    path = tmp_path / "ids.yaml"
    path.write_text(f"- speaker_id: {yamlfile.word(value)}\n", encoding="utf-8")
    assert yamlfile.load(path, "ids.yaml") == [{"speaker_id": value}]
