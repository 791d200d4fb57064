# ruff: noqa: E501  (hand-written export files keep their real line lengths)
"""Every import format read from small files written by hand from the formats' descriptions
(../shared/formats/IMPORTS-AND-API.md), and every way a file can be bad. No database."""

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest

from articles.imports.formats import ImportFileError, Source, detect

PART = "title,url,time_added,tags,status\n"
OLD_PART = "title,url,time_added,cursor,tags,status\n"


def source(data, name="export"):
    return Source(io.BytesIO(data.encode() if isinstance(data, str) else data), name)


def zipped(files: dict, **options) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **options) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def read(data, name="export", fmt=""):
    src = source(data, name)
    found = detect(src, fmt)
    return found.NAME, list(found.read(src))


def when(*args):
    return datetime(*args, tzinfo=UTC)


# -- Pocket ----------------------------------------------------------------------------


def test_pocket_csv_keeps_tags_state_and_date_with_either_header():
    for header, row in [
        (PART, "Kaizen,http://en.wikipedia.org/wiki/Kaizen,1366446656,programming|tech,archive"),
        (
            OLD_PART,
            "Kaizen,http://en.wikipedia.org/wiki/Kaizen,1366446656,42,programming|tech,archive",
        ),
    ]:
        name, [entry] = read(header + row + "\n")
        assert name == "pocket"
        assert entry.url == "http://en.wikipedia.org/wiki/Kaizen"
        assert entry.tags == ["programming", "tech"]
        assert entry.archived and not entry.starred
        assert entry.saved_at == datetime.fromtimestamp(1366446656, UTC)
        assert entry.where == "row 2"


def test_pocket_csv_reads_a_title_with_a_newline_and_commas():
    data = (
        PART
        + '"Two\nlines, and a comma",https://a.example/,1433869813,,unread\nB,https://b.example/,1,,unread\n'
    )
    _, entries = read(data)
    assert [e.title for e in entries] == ["Two\nlines, and a comma", "B"]
    assert not entries[0].archived
    assert entries[1].where == "row 3"


def test_pocket_zip_reads_every_part_in_order_and_attaches_highlights():
    annotations = [
        {
            "url": "https://b.example/",
            "title": "article-mobile.html",
            "highlights": [{"quote": "So far the complete list", "created_at": 1578947585}],
        }
    ]
    data = zipped(
        {
            "part_000001.csv": PART + "B,https://b.example/,2,,archive\n",
            "part_000000.csv": OLD_PART + "A,https://a.example/,1,7,x|y,unread\n",
            "annotations/part_000000.json": json.dumps(annotations),
        }
    )
    name, entries = read(data, "pocket.zip")
    assert name == "pocket"
    assert [e.url for e in entries] == ["https://a.example/", "https://b.example/"]
    assert entries[0].tags == ["x", "y"] and entries[0].where == "part_000000.csv row 2"
    assert entries[1].highlights[0].quote == "So far the complete list"
    assert entries[1].highlights[0].created_at == datetime.fromtimestamp(1578947585, UTC)


def test_pocket_html_export_reads_the_section_as_the_state():
    data = """<!DOCTYPE html><html><head><title>Pocket Export</title></head><body>
<h1>Unread</h1>
<ul><li><a href="https://a.example/x" time_added="1688628695" tags="ifttt,new_entry">Tarn &amp; co</a></li></ul>
<h1>Read Archive</h1>
<ul><li><a href="https://b.example/y" time_added="1688628000" tags="">Old one</a></li></ul>
</body></html>"""
    name, entries = read(data, "ril_export.html")
    assert name == "pocket-html"
    assert [(e.title, e.archived, e.tags) for e in entries] == [
        ("Tarn & co", False, ["ifttt", "new_entry"]),
        ("Old one", True, []),
    ]
    assert entries[0].saved_at == datetime.fromtimestamp(1688628695, UTC)


# -- Instapaper ------------------------------------------------------------------------


def test_instapaper_old_four_columns_and_folders():
    data = (
        "URL,Title,Selection,Folder\n"
        "https://redditblog.com/amp/,AMP and React+Redux: Why Not?,,Archive\n"
        'https://www.20minutes.fr/x,"Dis donc, «covfefe»?",,test_tag\n'
        "https://s.example/,Starred one,a quoted line,Starred\n"
        "https://u.example/,Unread one,,Unread\n"
    )
    name, entries = read(data)
    assert name == "instapaper"
    assert [(e.archived, e.starred, e.tags) for e in entries] == [
        (True, False, []),
        (False, False, ["test_tag"]),
        (False, True, []),
        (False, False, []),
    ]
    assert entries[2].highlights[0].quote == "a quoted line"
    assert entries[0].saved_at is None


def test_instapaper_six_columns_with_timestamp_and_json_tags():
    data = (
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        'https://archived.example,Archived Article,,Archive,1700000000,"[""coding"",""go""]"\n'
        "https://none.example,No tags,,Unread,1700000001,[]\n"
    )
    _, entries = read(data)
    assert entries[0].tags == ["coding", "go"] and entries[0].archived
    assert entries[0].saved_at == when(2023, 11, 14, 22, 13, 20)
    assert entries[1].tags == []


# -- wallabag --------------------------------------------------------------------------


def test_wallabag_v2_keeps_content_dates_states_and_annotations():
    data = [
        {
            "id": "23",
            "title": "Site d'information",
            "url": "https://www.mediapart.fr/",
            "is_archived": False,
            "is_starred": True,
            "created_at": "2016-09-08T11:55:58+0200",
            "updated_at": "2016-09-08T11:57:16+0200",
            "content": "<div><p>Le texte.</p></div>",
            "language": "fr_FR",
            "published_by": ["Edwy", "Plenel"],
            "preview_picture": "https://x.example/p.png",
            "tags": ["mediapart", {"label": "blog"}],
            "annotations": [{"text": "my note", "quote": "Le texte", "ranges": []}],
        },
        {"url": "https://failed.example/", "is_archived": 1, "is_starred": 0, "title": "F",
         "content": "<p>wallabag can't retrieve contents for this article. Please…</p>"},
    ]  # fmt: skip
    name, entries = read(json.dumps(data))
    assert name == "wallabag"
    first, failed = entries
    assert first.content_html == "<div><p>Le texte.</p></div>"
    assert first.saved_at == datetime(2016, 9, 8, 9, 55, 58, tzinfo=UTC)
    assert first.starred and not first.archived
    assert first.tags == ["mediapart", "blog"]
    assert first.byline == "Edwy, Plenel" and first.language == "fr-FR"
    assert (first.highlights[0].quote, first.highlights[0].note) == ("Le texte", "my note")
    assert failed.archived and failed.content_html is None  # wallabag's placeholder: fetch it


def test_wallabag_v1_reads_string_flags_and_comma_tags():
    data = [{"0": "1", "1": "Framabag", "id": "1", "title": "Framabag", "url": "https://f.example/",
             "is_read": "1", "is_fav": "0", "content": "<p>x</p>", "user_id": "1",
             "tags": "Framabag, libre"}]  # fmt: skip
    name, [entry] = read(json.dumps(data))
    assert name == "wallabag"
    assert entry.archived and not entry.starred and entry.tags == ["Framabag", "libre"]


def test_newsreader_json_is_recognised_before_wallabag():
    data = [{"newsreader": 1, "url": "https://a.example/", "is_archived": False,
             "is_starred": False, "read_at": "2024-01-02T03:04:05+00:00",
             "reading_progress": 0.5, "site_name": "A", "excerpt": "E", "tags": []}]  # fmt: skip
    name, [entry] = read(json.dumps(data))
    assert name == "newsreader"
    assert entry.read and entry.read_at == when(2024, 1, 2, 3, 4, 5)
    assert (entry.progress, entry.site_name, entry.excerpt) == (0.5, "A", "E")
    assert read(json.dumps(data), fmt="wallabag")[0] == "wallabag"


# -- Omnivore --------------------------------------------------------------------------


def omnivore_item(n, **fields):
    item = {"id": f"id-{n}", "slug": f"slug-{n}", "title": f"T{n}", "description": "d",
            "author": "Juliette Garnier", "url": f"https://o.example/{n}", "state": "Active",
            "readingProgress": 0, "thumbnail": None, "labels": ["RSS"],
            "savedAt": "2024-10-29T16:30:11.000Z", "updatedAt": "2024-10-31T13:01:28.320Z",
            "publishedAt": None}  # fmt: skip
    return {**item, **fields}


def test_omnivore_zip_reads_every_metadata_file_content_and_highlights():
    data = zipped(
        {
            "metadata_20_to_40.json": json.dumps([omnivore_item(21, state="ARCHIVED")]),
            "metadata_0_to_20.json": json.dumps(
                [
                    omnivore_item(
                        1, state="Archived", readingProgress=40, savedAt="2024-10-29T16:30:11Z"
                    ),
                    omnivore_item(2),
                ]
            ),  # fmt: skip
            "content/slug-1.html": "<article><p>Stored text</p></article>",
            "highlights/slug-1.md": "> first quote\n\n#label\n\nmy note\n\n> second quote",
        }
    )
    name, entries = read(data, "omnivore.zip")
    assert name == "omnivore"
    assert [e.url for e in entries] == [f"https://o.example/{n}" for n in (1, 2, 21)]
    first = entries[0]
    assert (
        first.archived
        and first.progress == 0.4
        and first.saved_at == when(2024, 10, 29, 16, 30, 11)
    )
    assert first.content_html == "<article><p>Stored text</p></article>"
    assert [(h.quote, h.note) for h in first.highlights] == [
        ("first quote", "my note"),
        ("second quote", ""),
    ]
    assert entries[1].content_html is None and not entries[1].archived
    assert entries[2].archived  # the first exports' raw state
    assert first.tags == ["RSS"] and first.byline == "Juliette Garnier"


def test_omnivore_single_metadata_file():
    name, [entry] = read(json.dumps([omnivore_item(3)]), "metadata_0_to_20.json")
    assert name == "omnivore" and entry.url == "https://o.example/3"


# -- Netscape bookmarks ----------------------------------------------------------------


NETSCAPE = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1">Bookmarks bar</H3>
    <DL><p>
        <DT><H3>Reading</H3>
        <DL><p>
            <DT><A HREF="https://example.com/1" ADD_DATE="1616337559" TAGS="a, b,,a">One</A>
            <DD>first description
        </DL><p>
        <DT><A HREF="https://example.com/2" ADD_DATE="1616337559000" PRIVATE="0" TOREAD="1" TAGS="tag2">Two</A>
    </DL><p>
    <DT><A HREF="https://example.com/3" ADD_DATE="1616337559000000" TOREAD="0">Three</A>
    <DT><A HREF="https://example.com/4" TAGS="keep,linkding:bookmarks.archived">Four</A>
</DL><p>
"""


def test_netscape_bookmarks_read_tags_folders_states_and_any_date_unit():
    name, entries = read(NETSCAPE, "bookmarks.html")
    assert name == "netscape"
    assert [e.title for e in entries] == ["One", "Two", "Three", "Four"]
    assert [e.saved_at for e in entries[:3]] == [datetime.fromtimestamp(1616337559, UTC)] * 3
    assert entries[0].tags == ["a", "b", "Reading"]  # the browser's own folder is no tag
    assert entries[0].excerpt == "first description"
    assert entries[1].tags == ["tag2"] and not entries[1].archived
    assert entries[2].archived  # TOREAD="0": read
    assert entries[3].archived and entries[3].tags == ["keep"]


def test_netscape_entities_declared_in_the_file_are_not_expanded():
    bomb = (
        '<!DOCTYPE NETSCAPE-Bookmark-file-1 [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<DL><p><DT><A HREF="https://e.example/" ADD_DATE="1">&b;&b; &amp; ok</A></DL>'
    )
    _, [entry] = read(bomb)
    assert entry.title == "&b;&b; & ok"


# -- Readwise, Karakeep, Raindrop ------------------------------------------------------


def test_readwise_reader_csv_tags_states_and_feed_items():
    data = (
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        '"Example","https://example.com","id1","[\'tag1\',\'tag2\']","2026-03-14 23:55:23.291000+00:00","0","new","True"\n'
        '"Complex","https://complex.com","id2","[\'test\', ""it\'s crazy""]","2026-03-14 23:55:23+00:00","50","archive","False"\n'
        '"Feed","https://feed.example","id3","[]","","0","feed","False"\n'
    )
    name, entries = read(data)
    assert name == "readwise"
    assert entries[0].tags == ["tag1", "tag2"] and not entries[0].archived
    assert entries[1].tags == ["test", "it's crazy"] and entries[1].archived
    assert entries[1].progress == 0.5
    assert entries[0].saved_at == datetime(2026, 3, 14, 23, 55, 23, 291000, tzinfo=UTC)
    assert entries[2].skip_reason


def test_karakeep_json_lists_become_tags_and_text_notes_have_content():
    data = {
        "bookmarks": [
            {"createdAt": 1700000000, "title": "L", "tags": ["a"], "lists": ["l1"],
             "content": {"type": "link", "url": "https://k.example/"}, "note": "mine",
             "archived": True},
            {"createdAt": 1700000001, "title": "Note", "tags": [], "lists": [],
             "content": {"type": "text", "text": "one\n\ntwo <b>"}, "note": None, "archived": False},
            {"createdAt": 1700000002, "title": "Pic", "tags": [], "content": None},
        ],
        "lists": [{"id": "l1", "name": "Reading list", "icon": "📚", "type": "manual"}],
    }  # fmt: skip
    name, entries = read(json.dumps(data))
    assert name == "karakeep"
    link, note, picture = entries
    assert link.tags == ["a", "Reading list"] and link.archived
    assert link.highlights[0].note == "mine"
    assert link.saved_at == when(2023, 11, 14, 22, 13, 20)
    assert note.url == "" and note.content_html == "<p>one</p><p>two &lt;b&gt;</p>"
    assert picture.skip_reason


def test_raindrop_csv():
    data = (
        "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
        '1,Rust,,An excerpt,https://r.example/,Dev/Rust,"rust, async",2024-01-02T03:04:05.123Z,,,true\n'
    )
    name, [entry] = read(data)
    assert name == "raindrop"
    assert entry.tags == ["rust", "async", "Dev"]  # the folder "Rust" is the tag "rust" already
    assert entry.starred and entry.excerpt == "An excerpt"
    assert entry.saved_at == datetime(2024, 1, 2, 3, 4, 5, 123000, tzinfo=UTC)


# -- bad files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe binary \x00" * 50, "binary"),
        (b"just some words\nnothing more\n", "not an export"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged or incomplete"),
        (b"[[[[" * 100_000 + b"]", "not an export"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    with pytest.raises(ImportFileError, match=message):
        read(data)


def test_a_truncated_zip_is_refused():
    data = zipped({"part_000000.csv": PART + "A,https://a.example/,1,,unread\n" * 1000})
    with pytest.raises(ImportFileError, match="damaged or incomplete"):
        read(data[: len(data) // 2], "pocket.zip")


def test_a_zip_bomb_is_refused_before_anything_is_read():
    data = zipped({"part_000000.csv": PART + "x" * 50_000_000})
    with pytest.raises(ImportFileError, match="ZIP bomb"):
        read(data, "pocket.zip")


def test_a_zip_with_paths_outside_it_is_refused():
    for evil in ("../../etc/cron.d/x", "/etc/passwd", "content/../../x.html", "C:\\x.csv"):
        data = zipped({"part_000000.csv": PART, evil: "x"})
        with pytest.raises(ImportFileError, match="outside it"):
            read(data, "pocket.zip")


def test_a_json_file_cut_short_is_reported_when_reached():
    data = json.dumps([{"url": f"https://a.example/{n}", "is_archived": False} for n in range(50)])
    src = source(data[:-40])
    fmt = detect(src)
    entries = []
    with pytest.raises(ImportFileError, match="cut short"):
        entries.extend(fmt.read(src))
    assert len(entries) == 49  # everything before the damage was read


def test_a_format_chosen_by_the_user_must_match_the_file():
    with pytest.raises(ImportFileError, match="not Pocket.*looks like Instapaper"):
        read("URL,Title,Selection,Folder\nhttps://a.example/,A,,Unread\n", fmt="pocket")


def test_formula_cells_stay_text_and_a_formula_guard_is_removed():
    data = (
        PART
        + '=HYPERLINK("http://evil"),https://a.example/,1,,unread\n\'=1+2,https://b.example/,1,,unread\n'
    )
    _, entries = read(data)
    assert [e.title for e in entries] == ['=HYPERLINK("http://evil")', "=1+2"]


def test_text_in_another_encoding_is_decoded():
    data = (PART + "Café crème à la française,https://a.example/,1,été,unread\n").encode("cp1252")
    _, [entry] = read(data)
    assert entry.title == "Café crème à la française" and entry.tags == ["été"]


def test_an_invalid_byte_damages_only_its_own_row():
    data = PART.encode() + b"Good,https://a.example/,1,,unread\n" * 3000
    data += b"Bad \xff title,https://b.example/\xfe,1,,unread\n"
    _, entries = read(data)
    assert len(entries) == 3001
    assert entries[-1].title == "Bad \ufffd title" and entries[-1].url == "https://b.example/\ufffd"


def test_nul_and_control_characters_never_reach_an_entry():
    _, [entry] = read(PART + "A\x00B\x07C,https://a.example/,1,t\x00ag,unread\n")
    assert entry.title == "ABC" and entry.tags == ["tag"]


def test_rows_without_a_link_are_still_entries_so_they_can_be_reported():
    _, entries = read(PART + "No link,,1,,unread\nScript,javascript:alert(1),1,,unread\n")
    assert [e.url for e in entries] == ["", "javascript:alert(1)"]
