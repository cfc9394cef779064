"""Tests of uploading a requests file: check page, all or nothing, confirm, template."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import func, select

from web.models import DemandRequest, Upload

HEADER = "request_id,course_code,learners,postcode,earliest_start,latest_start,max_travel_km\n"
GOOD_ROWS = [
    "u01,48586,4,8000,2027-02-01,2027-03-01,40",
    "u02,42994,2,8210,2027-02-01,2027-03-15,50",
    "u03,48586,1,8382,2027-01-25,2027-02-15,45",
]


def _file(text: str, name: str = "behov.csv"):
    return (io.BytesIO(text.encode("utf-8")), name)


def _requests(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(DemandRequest))


def _upload(client, text: str, name: str = "behov.csv"):
    token = client.page_token()
    return client.http.post(
        "/upload/",
        data={"csrf_token": token, "file": _file(text, name)},
        content_type="multipart/form-data",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/upload/"},
    )


def test_a_file_with_errors_stores_nothing_and_lists_every_problem(signed_in, sessions):
    """Tests that a file with bad rows shows each problem by row and column and stores nothing."""
    before = _requests(sessions)
    client = signed_in("jobcentre")
    bad = HEADER + "\n".join(
        [
            GOOD_ROWS[0],
            "u02,42994,zero,8210,2027-02-01,2027-03-15,50",
            "u03,99999,1,8382,2027-01-25,2027-02-15,45",
        ]
    )
    response = _upload(client, bad)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "learners" in page and "course_code" in page
    assert '<td class="num">3</td><td>learners</td>' in page
    assert '<td class="num">4</td><td>course_code</td>' in page
    assert "godkend" not in page  # no confirm button
    assert _requests(sessions) == before
    with sessions() as session:
        upload = session.scalar(select(Upload).order_by(Upload.id.desc()))
        assert upload.status == "rejected" and len(upload.problems) == 2
    response = client.post(f"/upload/{upload.id}/godkend")
    assert _requests(sessions) == before


def test_a_corrected_file_is_saved_whole_on_confirm(signed_in, sessions):
    """Tests that a good file waits on its check page and is saved whole when confirmed."""
    before = _requests(sessions)
    client = signed_in("jobcentre")
    response = _upload(client, HEADER + "\n".join(GOOD_ROWS) + "\n")
    check = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "u01" in check and "01-02-2027" in check
    assert _requests(sessions) == before
    upload_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/upload/{upload_id}/godkend").status_code == 302
    assert _requests(sessions) == before + 3
    # Confirming twice adds nothing.
    client.post(f"/upload/{upload_id}/godkend")
    assert _requests(sessions) == before + 3
    page = client.get("/behov/").get_data(as_text=True)
    assert "u01" in page and "u03" in page


def test_semicolon_file_from_danish_excel(signed_in, sessions):
    """Tests that a semicolon-separated Windows-1252 file with a BOM-less header is read."""
    client = signed_in("jobcentre")
    text = HEADER.replace(",", ";") + GOOD_ROWS[0].replace(",", ";") + "\r\n"
    token = client.page_token()
    response = client.http.post(
        "/upload/",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode("cp1252")), "behov.csv")},
        content_type="multipart/form-data",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/upload/"},
    )
    with sessions() as session:
        upload = session.get(Upload, int(response.headers["Location"].rstrip("/").split("/")[-1]))
        assert upload.problems == [] and len(upload.rows) == 1


def test_workbook_upload(signed_in, sessions):
    """Tests that an .xlsx file with real dates and numbers is read like the CSV."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Behov"
    sheet.append(HEADER.strip().split(","))
    from datetime import date

    sheet.append(["w01", "48586", 4, "8000", date(2027, 2, 1), date(2027, 3, 1), 40])
    out = io.BytesIO()
    book.save(out)
    client = signed_in("firm")
    token = client.page_token()
    response = client.http.post(
        "/upload/",
        data={"csrf_token": token, "file": (io.BytesIO(out.getvalue()), "behov.xlsx")},
        content_type="multipart/form-data",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/upload/"},
    )
    with sessions() as session:
        upload = session.get(Upload, int(response.headers["Location"].rstrip("/").split("/")[-1]))
        assert upload.problems == []
        assert upload.rows[0]["keep_together"] is True  # a firm's group stays together


def test_cpr_number_in_a_file_is_refused_and_not_shown(signed_in, sessions):
    """Tests that a CPR number anywhere in the file refuses it without showing the number."""
    client = signed_in("jobcentre")
    response = _upload(client, HEADER + "0101901234,48586,4,8000,2027-02-01,2027-03-01,40\n")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0101901234" not in page
    with sessions() as session:
        assert session.scalar(select(Upload).order_by(Upload.id.desc())).status == "rejected"


def test_another_organisations_rows_are_refused(signed_in, sessions):
    """Tests that a file naming another organisation is refused."""
    client = signed_in("jobcentre")
    text = "organisation_id," + HEADER + "jobcenter-710," + GOOD_ROWS[0] + "\n"
    response = _upload(client, text)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "organisation_id" in page
    with sessions() as session:
        assert session.scalar(select(Upload).order_by(Upload.id.desc())).status == "rejected"


def test_not_a_table(signed_in):
    """Tests that a file of another type gets one clear problem."""
    client = signed_in("jobcentre")
    response = _upload(client, "hello", name="behov.pdf")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ".csv" in page and ".xlsx" in page


def test_template_is_a_valid_file(signed_in, sessions):
    """Tests that the downloadable template uploads without a problem."""
    client = signed_in("a-kasse")
    template = client.get("/upload/skabelon.csv")
    assert template.mimetype == "text/csv"
    text = template.get_data(as_text=True).lstrip("\ufeff")
    response = _upload(client, text)
    with sessions() as session:
        upload = session.get(Upload, int(response.headers["Location"].rstrip("/").split("/")[-1]))
        assert upload.problems == [], upload.problems


def test_workbook_without_a_requests_sheet(signed_in, sessions):
    """Tests that a workbook whose sheet is not named as a requests sheet says how to name it."""
    book = Workbook()
    book.active.append(HEADER.strip().split(","))
    out = io.BytesIO()
    book.save(out)
    client = signed_in("jobcentre")
    response = client.http.post(
        "/upload/",
        data={"csrf_token": client.page_token(), "file": (io.BytesIO(out.getvalue()), "b.xlsx")},
        content_type="multipart/form-data",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/upload/"},
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Behov" in page


def test_title_row_and_danish_excel_names_keep_true_row_numbers(signed_in, sessions):
    """Tests that a title row above Danish headers is read and problems name the sheet's row."""
    client = signed_in("jobcentre")
    text = (
        "Behov fra Jobcenter Aarhus;;;;;;\r\n"
        "Reference;AMU-nr;Antal kursister;Postnummer;Tidligste start;Seneste start;Max km\r\n"
        "t01;AMU 48586;4;8000;01-02-2027;01-03-2027;40\r\n"
        "t02;48586;nul;8000;01-02-2027;01-03-2027;40\r\n"
    )
    response = client.http.post(
        "/upload/",
        data={
            "csrf_token": client.page_token(),
            "file": (io.BytesIO(text.encode("cp1252")), "behov.csv"),
        },
        content_type="multipart/form-data",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/upload/"},
    )
    with sessions() as session:
        upload = session.get(Upload, int(response.headers["Location"].rstrip("/").split("/")[-1]))
        assert [(p["row"], p["column"]) for p in upload.problems] == [(4, "learners")]
