"""`ai-job-share import`: reading and validating CSV / JSON Lines exports (pure, no database)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ai_job_share.months import KST
from ai_job_share.tools.importer import (
    ImportFileError,
    Posting,
    Rejected,
    RowError,
    default_report_path,
    detect_format,
    parse,
    parse_column_map,
    run_import,
    validate_posting,
)

CLI = str(Path(sys.executable).with_name("ai-job-share"))
HEADER = "id,company_id,job_group,job_role,title,published_at,updated_at,status"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def jsonl_bytes(*records: object) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def only(results: list) -> Posting | Rejected:
    assert len(results) == 1, results
    return results[0]


def rejected(results: list) -> dict[int, str]:
    return {r.line: r.reason for r in results if isinstance(r, Rejected)}


GOOD = {"id": 1, "company_id": 10, "job_group": "개발", "published_at": "2022-01-05T10:00:00+09:00"}


# --- values ---------------------------------------------------------------------------------------------------


def test_a_valid_csv_row_becomes_typed_values():
    results, stats = parse(
        csv_bytes("7,10, 개발 ,백엔드,AI 엔지니어,2022-01-31T23:59:59+09:00,2022-02-02T00:00:00Z,closed"), "csv"
    )
    posting = only(results)
    assert isinstance(posting, Posting)
    assert (posting.line, posting.id, posting.company_id, posting.job_group) == (2, 7, 10, "개발")
    assert (posting.job_role, posting.title, posting.status) == ("백엔드", "AI 엔지니어", "closed")
    assert posting.published_at == datetime(2022, 1, 31, 23, 59, 59, tzinfo=KST)
    assert posting.updated_at == datetime(2022, 2, 2, tzinfo=UTC)
    assert posting.intro is None and posting.required_years_min is None and posting.company_name is None
    assert (stats.read, stats.valid, stats.rejected, stats.naive_timestamps) == (1, 1, 0, 0)


def test_empty_values_mean_not_given_and_status_defaults_to_open():
    posting = only(parse(csv_bytes("1,10,개발,,,2022-01-05,,"), "csv")[0])
    assert isinstance(posting, Posting)
    assert (posting.job_role, posting.title, posting.updated_at, posting.status) == (None, None, None, "open")
    posting = validate_posting({**GOOD, "title": "", "status": None, "intro": None}, line=1)
    assert (posting.title, posting.intro, posting.status) == (None, None, "open")


def test_the_header_is_normalized_and_an_unknown_column_ends_the_import_unless_ignored():
    data = "\ufeff ID ,Company_ID,JOB_GROUP,published_at,salary,\r\n1,10,개발,2022-01-05T00:00+09:00,9000,\r\n"
    with pytest.raises(ImportFileError, match=r"does not know: salary; known columns: id, company_id, .*, body,"):
        parse(data.encode("utf-8"), "csv")
    results, stats = parse(data.encode("utf-8"), "csv", ignore=frozenset({"salary"}))
    assert isinstance(only(results), Posting)
    assert stats.ignored_columns == {"salary"}  # an unnamed column holding nothing may stay


def test_a_value_in_a_column_without_a_name_ends_the_import():
    data = "id,company_id,job_group,published_at,\n1,10,개발,2022-01-05T00:00+09:00,AI 엔지니어\n"
    with pytest.raises(ImportFileError, match="line 2 has a value in a column without a name"):
        parse(data.encode("utf-8"), "csv")


def test_body_is_a_text_section_and_map_renames_columns():
    data = "id,company_id,job_group,published_at,text\n1,10,개발,2022-01-05T00:00+09:00,머신러닝 엔지니어\n"
    with pytest.raises(ImportFileError, match="does not know: text.*--map text=body"):
        parse(data.encode("utf-8"), "csv")
    posting = only(parse(data.encode("utf-8"), "csv", renames=parse_column_map("text=body"))[0])
    assert posting.body == "머신러닝 엔지니어"
    record = {**GOOD, "message": "AI"}
    (posting,), _ = parse(jsonl_bytes(record), "jsonl", renames={"message": "body"})
    assert posting.body == "AI"


@pytest.mark.parametrize(
    ("text", "message"),
    [("text", "not source=contract"), ("text=salary", "not a known column"), ("a=body,b=body", "mapped to body")],
)
def test_a_wrong_map_is_refused(text, message):
    with pytest.raises(ImportFileError, match=message):
        parse_column_map(text)


def test_sql_looking_text_is_just_text():
    text = "'); DROP TABLE job_board.postings; --"
    posting = validate_posting({**GOOD, "title": text, "intro": 'a\tb\\c\n"d"'}, line=1)
    assert posting.title == text and posting.intro == 'a\tb\\c\n"d"'


def test_a_quoted_csv_field_may_span_lines_and_keeps_its_first_line_number():
    results, _ = parse(
        csv_bytes('1,10,개발,,"line one\nline two",2022-01-05T00:00+09:00,,', "2,10,개발,,x,2022-01-05,,"), "csv"
    )
    first, second = results
    assert (first.line, first.title) == (2, "line one\nline two")
    assert second.line == 4


def test_blank_lines_and_rows_of_only_separators_are_skipped():
    results, stats = parse(csv_bytes("", ",,,,,,,", "1,10,개발,,,2022-01-05,,"), "csv")
    assert [r.line for r in results] == [4]
    assert stats.read == 1


# --- file-level errors ------------------------------------------------------------------------------------------


def test_missing_required_columns_are_named_before_anything_is_read():
    with pytest.raises(ImportFileError, match="missing required columns company_id, published_at"):
        parse(csv_bytes("1,개발", header="id,job_group"), "csv")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (b"id,id,company_id,job_group,published_at\n", "names id more than once"),
        (b"id,company_id,job_group,published_at,\xff\n", "header is not valid UTF-8"),
        (b'id,company_id,"job_group"x,published_at\n', "not valid CSV"),
    ],
)
def test_unusable_files_are_refused_as_a_whole(data, message):
    with pytest.raises(ImportFileError, match=message):
        parse(data, "csv")


def test_the_format_comes_from_the_extension_unless_given():
    assert detect_format(Path("a.csv")) == "csv"
    assert detect_format(Path("a.JSONL")) == "jsonl"
    assert detect_format(Path("a.ndjson")) == "jsonl"
    assert detect_format(Path("a.txt"), "csv") == "csv"
    with pytest.raises(ImportFileError, match="--format"):
        detect_format(Path("a.json"))
    assert default_report_path(Path("/x/a.csv")) == Path("/x/a.csv.rejected.csv")


# --- rejected records, one class at a time ----------------------------------------------------------------------


def test_invalid_utf8_rejects_that_record_with_its_line_and_the_rest_is_still_read():
    data = (
        csv_bytes("1,10,개발,,ok,2022-01-05,,")
        + b"2,10,\xed\x95,,bad,2022-01-05,,\n"
        + "3,10,개발,,ok,2022-01-05,,\n".encode()
    )
    results, stats = parse(data, "csv")
    assert [r.line for r in results if isinstance(r, Posting)] == [2, 4]
    assert rejected(results) == {3: "invalid UTF-8 on line 3 (byte 6: b'\\xed\\x95')"}
    assert results[1].raw == "2,10,\\xed\\x95,,bad,2022-01-05,,"
    assert stats.rejected == 1


def test_invalid_utf8_inside_a_multiline_field_names_the_physical_line():
    data = csv_bytes('1,10,개발,,"first\nsecond \xff\n') + b'third",2022-01-05,,\n'
    data = data.replace("\xff".encode(), b"\xff")  # the raw byte, not its UTF-8 encoding
    reason = only(parse(data, "csv")[0]).reason
    assert reason == "invalid UTF-8 on line 3 (byte 8: b'\\xff')"


def test_invalid_utf8_in_json_lines():
    data = jsonl_bytes(GOOD) + b'{"id": 2, "title": "\xc3"}\n' + jsonl_bytes({**GOOD, "id": 3})
    results, _ = parse(data, "jsonl")
    assert rejected(results) == {2: "invalid UTF-8 on line 2 (byte 21: b'\\xc3')"}
    assert [r.id for r in results if isinstance(r, Posting)] == [1, 3]


def test_nul_characters_are_rejected_since_postgresql_text_cannot_hold_them():
    results, _ = parse(csv_bytes("1,10,개발,,a\x00b,2022-01-05,,"), "csv")
    assert only(results).reason == "title: contains a NUL character, which PostgreSQL text cannot store"
    assert only(results).raw == "1,10,개발,,a\\x00b,2022-01-05,,"
    results, _ = parse(
        b'{"id": 1, "company_id": 1, "job_group": "x", "published_at": "2022-01-01", "intro": "\\u0000"}', "jsonl"
    )
    assert "intro: contains a NUL character" in only(results).reason


def test_unpaired_surrogate_escapes_in_json_are_rejected():
    line = json.dumps({**GOOD, "benefits": "\ud83d"})  # ensure_ascii: written as the escape \\ud83d
    results, _ = parse(line.encode("ascii"), "jsonl")
    assert "benefits: contains an unpaired surrogate" in only(results).reason


def test_naive_timestamps_are_korea_time_and_counted():
    results, stats = parse(
        csv_bytes(
            "1,10,개발,,,2022-01-31 23:59:59,2022-02-01T00:00:00,",
            "2,10,개발,,,2022-01-31T14:59:59Z,,",
            "3,10,개발,,,2022-02-01,2022-02-01T00:00:00+00:00,",
        ),
        "csv",
    )
    first, second, third = results
    assert first.published_at == datetime(2022, 1, 31, 23, 59, 59, tzinfo=KST)  # still January in Korea
    assert first.published_at == second.published_at
    assert first.naive_timestamps == 2 and second.naive_timestamps == 0 and third.naive_timestamps == 1
    assert third.published_at == datetime(2022, 2, 1, tzinfo=KST)
    assert third.updated_at.utcoffset() == timedelta(0)
    assert stats.naive_timestamps == 3


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("2022/01/05", "published_at"),
        ("05.01.2022", "published_at"),
        ("yesterday", "updated_at"),
        ("2022-13-01", "published_at"),
    ],
)
def test_unparseable_dates_name_the_column_and_the_value(value, column):
    other = "2022-01-05" if column == "updated_at" else ""
    row = f"1,10,개발,,,{value},{other}," if column == "published_at" else f"1,10,개발,,,2022-01-05,{value},"
    assert only(parse(csv_bytes(row), "csv")[0]).reason == f"{column}: not an ISO 8601 date/time: {value!r}"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"id": "abc"}, "id: not an integer: 'abc'"),
        ({"id": "1.0"}, "id: not an integer: '1.0'"),
        ({"id": 1.5}, "id: not an integer: 1.5"),
        ({"id": True}, "id: not an integer: true"),
        ({"id": "1_000"}, "id: not an integer: '1_000'"),
        ({"id": str(2**63)}, f"id: {2**63} is out of range"),
        ({"company_id": "x1"}, "company_id: not an integer: 'x1'"),
        ({"required_years_min": "three"}, "required_years_min: not an integer: 'three'"),
        ({"required_years_max": "-1"}, "required_years_max: -1 is out of range (0..32767)"),
        ({"required_years_max": 40000}, "required_years_max: 40000 is out of range (0..32767)"),
        ({"required_years_min": 5, "required_years_max": "3"}, "required_years_min (5) is greater than"),
        ({"company_name": "A", "company_employee_count": "-3"}, "company_employee_count: -3 is out of range"),
        ({"company_employee_count": "30"}, "company_employee_count is given without company_name"),
        ({"job_group": 5}, "job_group: must be a string, got number 5"),
        ({"title": ["a"]}, "title: must be a string, got array"),
        ({"published_at": 1641340800}, "published_at: must be an ISO 8601 date/time string, got number"),
    ],
)
def test_bad_numbers_and_types_are_rejected_with_the_column(fields, reason):
    with pytest.raises(RowError) as raised:
        validate_posting({**GOOD, **fields}, line=1)
    assert str(raised.value).startswith(reason)


def test_integers_may_be_strings_with_spaces_or_signs():
    posting = validate_posting({**GOOD, "id": " 0012 ", "company_id": "+3", "required_years_min": "0"}, line=1)
    assert (posting.id, posting.company_id, posting.required_years_min) == (12, 3, 0)


@pytest.mark.parametrize("status", ["draft", "published", "0", "opened"])
def test_unknown_statuses_are_rejected(status):
    with pytest.raises(RowError, match=f"status: unknown status '{status}' \\(expected open, closed or deleted"):
        validate_posting({**GOOD, "status": status}, line=1)


@pytest.mark.parametrize(
    ("status", "stored"), [("", "open"), (None, "open"), (" Closed ", "closed"), ("deleted", "deleted")]
)
def test_known_statuses_are_normalized(status, stored):
    assert validate_posting({**GOOD, "status": status}, line=1).status == stored


def test_missing_required_values_are_named_together_with_other_problems():
    with pytest.raises(RowError) as raised:
        validate_posting({"id": "x", "job_group": "  ", "published_at": None}, line=1)
    assert str(raised.value) == (
        "missing required values: company_id, job_group, published_at; id: not an integer: 'x'"
    )


def test_a_later_line_with_the_same_id_supersedes_the_earlier_one():
    results, stats = parse(
        csv_bytes(
            "5,10,개발,,first,2022-01-05,,",
            "6,10,개발,,other,2022-01-05,,",
            "5,10,개발,,second,2022-01-05,,",
            "5,10,개발,,invalid,not a date,,",  # an invalid line supersedes nothing
        ),
        "csv",
    )
    assert [r.title for r in results if isinstance(r, Posting)] == ["first", "other", "second"]
    assert (stats.valid, stats.superseded, stats.distinct, stats.rejected) == (3, 1, 2, 1)
    assert stats.superseded_examples == [(5, 2, 4)]


def test_malformed_json_and_non_objects_are_rejected_per_line():
    data = b'{"id": 1,\n[1, 2]\n"text"\n42\nnull\n\n   \n' + jsonl_bytes(GOOD)
    results, stats = parse(data, "jsonl")
    assert rejected(results) == {
        1: "malformed JSON: Expecting property name enclosed in double quotes (column 10)",
        2: "expected a JSON object, got array",
        3: "expected a JSON object, got str",
        4: "expected a JSON object, got number",
        5: "expected a JSON object, got NoneType",
    }
    assert [r.line for r in results if isinstance(r, Posting)] == [8]
    assert stats.read == 6


def test_json_objects_missing_required_keys_are_rejected_and_unknown_keys_end_the_import_unless_ignored():
    data = jsonl_bytes({"id": 9, "title": "x", "salary": 1}, {**GOOD, "extra": True})
    with pytest.raises(ImportFileError, match="line 1 has column the source contract does not know: salary"):
        parse(data, "jsonl")
    results, stats = parse(data, "jsonl", ignore=frozenset({"salary", "extra"}))
    assert rejected(results) == {1: "missing required values: company_id, job_group, published_at"}
    assert results[0].id == "9"
    assert stats.ignored_columns == {"salary", "extra"}


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1,10,개발,,,2022-01-05,", "wrong number of fields: expected 8, found 7"),
        ("1,10,개발,,,2022-01-05,,,", "wrong number of fields: expected 8, found 9"),
        ('1,10,개발,,"a"b,2022-01-05,,', "malformed CSV: ',' expected after '\"'"),
        ('1,10,개발,,"never closed,2022-01-05,,', "malformed CSV: a quoted field is never closed"),
    ],
)
def test_csv_rows_with_the_wrong_shape_are_rejected(row, reason):
    results, _ = parse(csv_bytes(row, "2,10,개발,,,2022-01-05,,") if "never" not in row else csv_bytes(row), "csv")
    assert results[0].reason.startswith(reason)
    assert results[0].line == 2
    if "never" not in row:
        assert isinstance(results[1], Posting)


def test_an_unbalanced_quote_is_hinted_at_when_the_record_spans_lines():
    results, _ = parse(csv_bytes('1,10,개발,,"oops,2022-01-05,,', '2,10,개발,,x,2022-01-05,,"'), "csv")
    assert only(results).reason == (
        "wrong number of fields: expected 8, found 5 (the record spans lines 2-3: an unbalanced quote?)"
    )


# --- the whole file, without a database ------------------------------------------------------------------------


def test_a_dry_run_writes_the_report_and_counts(tmp_path):
    source = tmp_path / "postings.csv"
    source.write_bytes(
        csv_bytes(
            "1,10,개발,,ok,2022-01-05 09:00,,", "x,10,개발,,bad id,2022-01-05,,", "3,10,개발,,ok,2022-01-05,,draft"
        )
        + b"4,10,\xff,,,2022-01-05,,\n"
    )
    outcome = run_import(None, source)
    assert outcome.exit_code == 1 and outcome.result is None
    assert outcome.report == tmp_path / "postings.csv.rejected.csv"
    with outcome.report.open(encoding="utf-8", newline="") as report:
        rows = list(csv.reader(report))
    assert rows == [
        ["line", "id", "reason", "raw"],
        ["3", "x", "id: not an integer: 'x'", "x,10,개발,,bad id,2022-01-05,,"],
        ["4", "3", "status: unknown status 'draft' (expected open, closed or deleted; empty means open)",
         "3,10,개발,,ok,2022-01-05,,draft"],
        ["5", "", "invalid UTF-8 on line 5 (byte 6: b'\\xff')", "4,10,\\xff,,,2022-01-05,,"],
    ]  # fmt: skip
    summary = outcome.summary()
    assert "read 4 records" in summary and "rejected 3 records" in summary
    assert "1 timestamp(s) had no UTC offset and were taken as Korea time (Asia/Seoul)" in summary
    assert "dry run: 1 postings are valid" in summary


def test_a_clean_file_exits_0_and_leaves_an_empty_report(tmp_path):
    source = tmp_path / "postings.ndjson"
    source.write_bytes(jsonl_bytes(GOOD))
    report = tmp_path / "out" / "report.csv"
    report.parent.mkdir()
    report.write_text("stale\n")
    outcome = run_import(None, source, report=report)
    assert outcome.exit_code == 0
    assert report.read_bytes() == b"line,id,reason,raw\r\n"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_the_command_exits_2_on_missing_columns_before_connecting(tmp_path, monkeypatch):
    (tmp_path / "p.csv").write_text("id,title\n1,x\n", encoding="utf-8")
    completed = run_cli("import", "p.csv", cwd=tmp_path)
    assert completed.returncode == 2
    assert "missing required columns company_id, job_group, published_at" in completed.stderr
    assert not (tmp_path / "p.csv.rejected.csv").exists()


def test_the_command_exits_2_on_an_unknown_extension_or_a_missing_file(tmp_path):
    (tmp_path / "p.json").write_text("{}\n", encoding="utf-8")
    completed = run_cli("import", "p.json", cwd=tmp_path)
    assert completed.returncode == 2 and "--format csv|jsonl" in completed.stderr
    completed = run_cli("import", "nope.csv", "--dry-run", cwd=tmp_path)
    assert completed.returncode == 2 and "cannot read nope.csv" in completed.stderr


def test_the_command_dry_run_exits_1_when_records_are_rejected(tmp_path):
    (tmp_path / "p.jsonl").write_bytes(jsonl_bytes(GOOD) + b"not json\n")
    completed = run_cli("import", "p.jsonl", "--dry-run", "--report", "r.csv", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert "rejected 1 record, see r.csv" in completed.stdout
    assert "malformed JSON" in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_timezone_offsets_are_kept():
    posting = validate_posting({**GOOD, "published_at": "2022-01-05T10:00:00-05:00"}, line=1)
    assert posting.published_at.utcoffset() == timezone(timedelta(hours=-5)).utcoffset(None)


# --- hostile and careless files: each line gets a reason, the rest still loads --------------------------------------

GOOD = {"id": 1, "company_id": 1, "job_group": "개발", "published_at": "2022-03-02T10:00:00+09:00"}


def test_a_deeply_nested_json_line_is_rejected_and_the_others_are_read():
    nested = b'{"id": 2, "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    results, stats = parse(jsonl_bytes(GOOD) + nested + jsonl_bytes({**GOOD, "id": 3}), "jsonl")
    assert [r.id for r in results if isinstance(r, Posting)] == [1, 3]
    (rejected,) = [r for r in results if isinstance(r, Rejected)]
    assert rejected.line == 2 and "nested too deeply" in rejected.reason
    assert (stats.valid, stats.rejected) == (2, 1)


def test_a_huge_json_number_is_rejected_with_a_reason():
    huge = b'{"id": ' + b"9" * 100_000 + b', "company_id": 1, "job_group": "x", "published_at": "2022-03-02"}\n'
    results, _stats = parse(huge + jsonl_bytes(GOOD), "jsonl")
    assert isinstance(results[0], Rejected) and "too large" in results[0].reason
    assert isinstance(results[1], Posting)


def test_a_csv_field_is_read_up_to_the_size_json_lines_accepts():
    from ai_job_share.tools.importer import MAX_FIELD_CHARS

    big = "가" * 200_000  # over the csv module's default limit of 131,072 characters
    header = "id,company_id,job_group,published_at,intro"
    (posting,) = parse(csv_bytes(f"1,1,개발,2022-03-02,{big}", header=header), "csv")[0]
    assert isinstance(posting, Posting) and posting.intro == big
    (from_json,) = parse(jsonl_bytes({**GOOD, "intro": big}), "jsonl")[0]
    assert isinstance(from_json, Posting)
    too_big = "x" * (MAX_FIELD_CHARS + 1)
    for results in (
        parse(csv_bytes(f"1,1,개발,2022-03-02,{too_big}", header=header), "csv")[0],
        parse(jsonl_bytes({**GOOD, "intro": too_big}), "jsonl")[0],
    ):
        assert isinstance(results[0], Rejected) and "too long" in results[0].reason, results[0].reason[:200]


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_a_korean_windows_file_names_its_encoding_and_reads_with_encoding(encoding, tmp_path):
    text = "id,company_id,job_group,title,published_at\n1,1,개발,백엔드 개발자,2022-03-02\n"
    path = tmp_path / "postings.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(ImportFileError, match=r"not UTF-8.*--encoding cp949"):
        run_import(None, path)
    outcome = run_import(None, path, encoding=encoding)
    assert (outcome.stats.valid, outcome.stats.rejected) == (1, 0)


def test_a_korean_windows_line_in_a_utf8_file_names_the_encoding():
    data = csv_bytes("1,1,개발,,,2022-03-02,,") + "2,1,개발,,데이터,2022-03-02,,\n".encode("cp949")
    results, _stats = parse(data, "csv")
    assert isinstance(results[1], Rejected) and "--encoding cp949" in results[1].reason


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("updated_at", "9999-12-31T23:59:59-12:00"),
        ("published_at", "0001-01-01T00:00:00+00:00"),
        ("published_at", "1989-12-31T23:59:59+00:00"),
    ],
)
def test_timestamps_outside_the_sane_window_are_refused_with_column_and_value(column, value, monkeypatch):
    monkeypatch.delenv("AI_JOB_SHARE_TIMESTAMP_WINDOW", raising=False)
    (rejected,) = parse(jsonl_bytes({**GOOD, column: value}), "jsonl")[0]
    assert isinstance(rejected, Rejected)
    assert f"{column}: {value!r} is outside the accepted window" in rejected.reason


def test_the_timestamp_window_is_a_setting(monkeypatch):
    monkeypatch.setenv("AI_JOB_SHARE_TIMESTAMP_WINDOW", "1980..+10")
    (posting,) = parse(jsonl_bytes({**GOOD, "published_at": "1985-06-01T00:00:00+09:00"}), "jsonl")[0]
    assert isinstance(posting, Posting)


def test_nothing_valid_exits_2_as_the_readme_says(tmp_path):
    path = tmp_path / "all-bad.jsonl"
    path.write_bytes(b"not json\n" + jsonl_bytes({**GOOD, "published_at": "someday"}))
    assert run_import(None, path).exit_code == 2
    path.write_bytes(b"not json\n" + jsonl_bytes(GOOD))
    assert run_import(None, path).exit_code == 1
    path.write_bytes(jsonl_bytes(GOOD))
    assert run_import(None, path).exit_code == 0


def test_classify_rejects_a_deeply_nested_line_and_classifies_the_others(tmp_path):
    nested = "[" * 100_000 + "]" * 100_000
    stdin = json.dumps({"id": 1, "title": "AI 엔지니어"}) + "\n" + nested + "\n"
    completed = subprocess.run([CLI, "classify"], input=stdin, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    assert "line 2: nested too deeply" in completed.stderr and "Traceback" not in completed.stderr
    assert json.loads(completed.stdout)["id"] == 1
