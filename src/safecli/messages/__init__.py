"""Problem codes and their wording, in gettext catalogs (zh and en).

How to report a problem (the convention every module follows):

1. Give it a code: lower-case words joined by hyphens, named for what is wrong
   (`unknown-item`, `not-a-real-date`); a hint gets a code of its own, starting `hint-`
   (`hint-known`). Parameters are named values (`item="R10"`); a parameter that is itself a
   word to translate (a reason, a kind of table) is passed as `Code("os-enospc")`. A problem
   about one field of a file passes `field=` (printed first: `inspection.date: …`).
2. Make it with `safecli.model.wording.problem(path, line, col, "unknown-item",
   hint="hint-known", item=..., known=...)`, or through a located document
   (`doc.coded(loc, "unknown-item", hint=..., item=...)`) or a sheet reader
   (`reader.fail(label, cell, "unknown-state", "hint-expected-one-of", ...)`).
3. Word it in both catalogs, `locale/zh/LC_MESSAGES/safecli.po` and
   `locale/en/LC_MESSAGES/safecli.po` (msgid: the code; msgstr: a Python format string over the
   parameters), then compile: `python tools/messages.py compile` (Babel; the .mo files are
   committed and shipped). `python tools/messages.py check` lists codes a catalog lacks;
   `tests/test_messages.py` fails on any of them, on a .mo older than its .po, and on a
   Chinese wording that leaves English words in.

The English wording is what `str(problem)` shows and what scripts and the English tests read;
the command line prints each problem once, in the run's language (`--lang`, else
`$SAFECLI_LANG`, else zh), through `catalog.problem_text`. There is no other way to make one:
`Problem(...)` is built only by `wording.problem`, a model validator raises `Invalid(code)`, and
`SafecliError("a sentence")` is a TypeError (`tests/test_codes.py` reads the source for all
three). A parameter that comes in English from a library (a parser's reason) may be left out
of the Chinese wording; one that has a Chinese form is passed beside it as `NAME_zh`.
"""
