#!/usr/bin/env python3
"""Writes the malformed-file corpus of BadFilesTest (issue 8.4) next to this script.

Every file is a CounterPoint export gone wrong in one way; most also hold valid tickets, which must still
book. EXPECTED.tsv (written by hand, read by the test) says how each must end. Re-run after editing:
    python3 src/test/resources/badfiles/generate.py
"""
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ("STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,LIN_SEQ_NO,LIN_TYP,"
          "ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO")


def line(ticket, seq=1, card="", descr="Wool sweater", qty="1", prc="20.00", ext="20.00", tax="2.60", tot="22.60",
         date="2026-11-02", time="2026-11-02 10:00:00", typ="S", store="001", reg="9", email="", phone="", cust="",
         qty_ret="0", tender="VISA", orig="", sku="SKU-1001"):
    return ",".join([store, reg, str(ticket), date, time, cust, card, email, phone, str(seq), typ, sku, descr,
                     "APPAREL", qty, qty_ret, prc, ext, tax, tot, tender, orig])


def good(ticket):
    """A valid walk-in ticket of one line (anonymous: no member key)."""
    return line(ticket)


def csv(*rows, header=HEADER, eol="\n", final_eol=True):
    text = eol.join([header, *rows]) if header is not None else eol.join(rows)
    return text + (eol if final_eol else "")


def write(name, content):
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    t = iter(range(1000, 100000))
    n = lambda: next(t)
    g = lambda: good(n())

    # encodings and byte order marks
    write("bom-utf8.csv", b"\xef\xbb\xbf" + csv(g(), g()).encode())
    write("bom-utf8-twice.csv", b"\xef\xbb\xbf\xef\xbb\xbf" + csv(g()).encode())
    write("bom-utf16le.csv", b"\xff\xfe" + csv(g()).encode("utf-16-le"))
    write("bom-utf16be.csv", b"\xfe\xff" + csv(g()).encode("utf-16-be"))
    write("utf16le-no-bom.csv", csv(g()).encode("utf-16-le"))
    write("bom-utf32le.csv", b"\xff\xfe\x00\x00" + csv(g()).encode("utf-32-le"))
    write("windows-1252-as-utf8.csv", csv(g(), line(n(), descr="Cr\u00e8me br\u00fbl\u00e9e"), g()).encode("cp1252"))
    write("latin1-header.csv", csv(g(), header=HEADER.replace("DESCR", "D\u00c9SCR")).encode("latin-1"))
    write("overlong-utf8.csv", csv(g()).encode() + line(n(), descr="x").replace("x", "\udcc0\udcaf").encode("utf-8", "surrogateescape") + b"\n" + good(n()).encode() + b"\n")
    write("lone-surrogate.csv", csv(g()).encode() + line(n(), descr="y").replace("y", "\udced\udca0\udc80").encode("utf-8", "surrogateescape") + b"\n")
    write("emoji-and-rtl.csv", csv(line(n(), descr="Gift \U0001F381 \u202eevil\u202c"), g()))
    write("control-characters.csv", csv(line(n(), descr="bell\x07 escape\x1b[31mred\x1b[0m"), g()))

    # line endings
    write("crlf.csv", csv(g(), g(), eol="\r\n"))
    write("mixed-crlf-lf.csv", HEADER + "\r\n" + g() + "\n" + g() + "\r\n" + g() + "\n")
    write("cr-only.csv", csv(g(), g(), eol="\r"))
    write("no-final-newline.csv", csv(g(), g(), final_eol=False))
    write("blank-lines.csv", HEADER + "\n\n" + g() + "\n\n\n" + g() + "\n\n")

    # quoting
    write("unbalanced-quote-last-line.csv", csv(g(), g(), line(n(), descr='"never closed')))
    write("unbalanced-quote-mid-file.csv", csv(g(), line(n(), descr='"never closed'), g(), g()))
    write("quote-inside-unquoted-field.csv", csv(line(n(), descr='12" pizza'), g()))
    write("line-break-in-quotes.csv", csv(line(n(), descr='"Gift card\nwith a line break"'), g()))
    write("doubled-quotes.csv", csv(line(n(), descr='"Mug ""Fjord"""'), g()))
    write("text-after-closing-quote.csv", csv(line(n(), descr='"closed"then text'), g()))

    # truncation and shape
    write("empty.csv", b"")
    write("header-only.csv", HEADER + "\n")
    write("header-only-no-newline.csv", HEADER)
    write("only-blank-lines.csv", "\n\n\n")
    full = csv(g(), g())
    write("truncated-last-line.csv", full + line(n())[:40])
    write("truncated-mid-multibyte.csv", (csv(g()) + line(n(), descr="Cr\u00e8me")).encode()[:-len(",APPAREL,1,0,20.00,20.00,2.60,22.60,VISA,") - 2])
    write("wrong-header.csv", csv(g(), header="STORE,REGISTER,TICKET,DATE,AMOUNT"))
    write("header-reordered.csv", csv(g(), header=",".join(reversed(HEADER.split(",")))))
    write("header-missing-column.csv", csv(g(), header=HEADER.rsplit(",", 1)[0]))
    write("header-extra-column.csv", csv(g() + ",extra", header=HEADER + ",EXTRA"))
    write("no-header.csv", "\n".join([g(), g()]) + "\n")
    write("semicolon-separated.csv", csv(g().replace(",", ";"), header=HEADER.replace(",", ";")))
    write("tab-separated.csv", csv(g().replace(",", "\t"), header=HEADER.replace(",", "\t")))
    write("row-too-few-columns.csv", csv(g(), ",".join(g().split(",")[:10]), g()))
    write("row-too-many-columns.csv", csv(g(), g() + ",x,y,z", g()))
    write("ten-thousand-columns-row.csv", csv(g(), ",".join(["x"] * 10000), g()))
    write("ten-thousand-columns-header.csv", csv(g(), header=HEADER + "," + ",".join("C%d" % i for i in range(10000))))

    # not text at all
    write("binary-png.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    write("binary-gzip.csv", b"\x1f\x8b\x08\x00" + zlib.compress(csv(g()).encode()))
    write("binary-zip.csv", b"PK\x03\x04" + bytes(range(200)))
    write("nul-bytes-in-row.csv", csv(g(), line(n(), descr="nul\x00inside"), g()))
    write("nul-bytes-only.csv", b"\x00" * 4096)
    write("header-with-nul.csv", csv(g(), header=HEADER.replace("TKT_NO", "TKT\x00NO")))

    # numbers
    write("huge-amount.csv", csv(line(n(), prc="99999999999999999999.99", ext="99999999999999999999.99", tot="99999999999999999999.99"), g()))
    write("huge-quantity.csv", csv(line(n(), qty="1000000000000"), g()))
    write("negative-zero.csv", csv(line(n(), prc="-0.00", ext="-0.00", tax="-0.00", tot="-0.00"), g()))
    write("exponent-amount.csv", csv(line(n(), ext="2e1"), g()))
    write("nan-and-infinity.csv", csv(line(n(), ext="NaN"), line(n(), ext="Infinity"), g()))
    write("currency-symbol.csv", csv(line(n(), ext="$20.00"), g()))
    write("thousands-separator.csv", csv(line(n(), ext='"1,020.00"', prc='"1,020.00"', tot='"1,152.60"'), g()))
    write("three-decimals.csv", csv(line(n(), ext="20.001"), g()))
    write("text-in-quantity.csv", csv(line(n(), qty="two"), g()))

    # dates and times
    write("impossible-date.csv", csv(line(n(), date="2026-02-30", time="2026-02-30 10:00:00"), g()))
    write("date-wrong-format.csv", csv(line(n(), date="02/11/2026"), g()))
    write("year-zero.csv", csv(line(n(), date="0000-01-01", time="0000-01-01 10:00:00"), g()))
    write("time-impossible.csv", csv(line(n(), time="2026-11-02 25:61:00"), g()))

    # identities and text that must stay text
    write("ticket-number-too-long.csv", csv(line("9" * 100), g()))
    write("store-too-long.csv", csv(line(n(), store="S" * 80), g()))
    write("description-10k-chars.csv", csv(line(n(), descr="D" * 10000), g()))
    write("formula-injection.csv", csv(line(n(), descr='"=HYPERLINK(""http://evil.example"",""click"")"'),
                                       line(n(), descr="+cmd|' /C calc'!A0"), line(n(), descr="@SUM(1+1)"),
                                       line(n(), descr="-2+3"), g()))
    write("sql-injection.csv", csv(line(n(), descr="Robert'); DROP TABLE sale;--", email="x'; DROP TABLE member;--@example.org",
                                        cust="1 OR 1=1"), g()))
    write("missing-required-store.csv", csv(line(n(), store=""), g()))
    write("unknown-line-type.csv", csv(line(n(), typ="Z"), g()))


if __name__ == "__main__":
    main()
