"""The literal table of tests/data/instance/pyliteral/cases.txt, read and judged by
the real Python: what ast.literal_eval and invenio-config's environment
loader make of each value. Used by test_invenio_loader.sh; run alone it
prints the table's lines with Python's results (to write new cases:
`python3 pyliteral_table.py --make < inputs`).

A line of the table is RESULT<TAB>INPUT. INPUT is escaped: \\n \\r \\t \\f
\\\\ \\xHH (a byte), and \\*N{TEXT} (TEXT N times). RESULT is what Python
gives: str:VALUE (escaped the same way; str? when the value holds a NUL
or a lone surrogate), int:DIGITS (int when longer than 60 digits),
bool:True, the type name for the other values, raw (SyntaxError or
ValueError: the loader keeps the text), TypeError, crash (RecursionError,
MemoryError). A leading '?' marks the lines where rdm-s3's evaluator says
"only Python can tell" instead.
"""
import ast
import re
import sys

_REPEAT = re.compile(rb"\\\*(\d+)\{([^}]*)\}")


def decode(text):
    """The input of a table line, as bytes."""
    raw = text.encode("utf-8")
    raw = _REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), raw)
    out = bytearray()
    i = 0
    simple = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("f"): b"\f", ord("\\"): b"\\"}
    while i < len(raw):
        c = raw[i]
        if c == ord("\\") and i + 1 < len(raw):
            n = raw[i + 1]
            if n in simple:
                out += simple[n]
                i += 2
                continue
            if n == ord("x"):
                out.append(int(raw[i + 2 : i + 4], 16))
                i += 4
                continue
        out.append(c)
        i += 1
    return bytes(out)


def escape(value):
    """A str value as the table writes it."""
    out = []
    for ch in value.encode("utf-8", "surrogatepass"):
        c = chr(ch)
        if c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == "\f":
            out.append("\\f")
        elif ch < 0x20 or ch == 0x7F or ch >= 0x80:
            out.append("\\x%02x" % ch)
        else:
            out.append(c)
    # keep UTF-8 readable: undo \xHH for valid multi-byte sequences
    text = "".join(out)
    try:
        return re.sub(
            r"(?:\\x[89a-f][0-9a-f])+|(?:\\x[c-f][0-9a-f](?:\\x[89ab][0-9a-f])+)",
            lambda m: bytes.fromhex(m.group(0).replace("\\x", "")).decode("utf-8"),
            text,
        )
    except UnicodeDecodeError:
        return text


def describe(value):
    """The RESULT of a value ast.literal_eval returned."""
    if isinstance(value, bool):
        return "bool:%s" % value
    if isinstance(value, str):
        if "\0" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            return "str?"
        return "str:" + escape(value)
    if isinstance(value, int):
        try:
            digits = "%d" % value
        except ValueError:  # longer than Python prints
            return "int"
        return "int:" + digits if len(digits) <= 60 else "int"
    return type(value).__name__


def python_result(data):
    """What ast.literal_eval makes of the environment bytes data, as
    invenio-config runs it (a str decoded like os.environ does)."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        return describe(ast.literal_eval(text))
    except (SyntaxError, ValueError):
        return "raw"
    except TypeError:
        return "TypeError"
    except (RecursionError, MemoryError):
        return "crash"


def read_table(path):
    """(expected_python, c_says_unknown, input_bytes, line_no) per line."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            result, _, inp = line.partition("\t")
            unknown = result.startswith("?")
            rows.append((result.lstrip("?"), unknown, decode(inp), no))
    return rows


if __name__ == "__main__":
    if sys.argv[1:] == ["--make"]:
        for line in sys.stdin:
            inp = line.rstrip("\n")
            if inp and not inp.startswith("#"):
                print("%s\t%s" % (python_result(decode(inp)), inp))
    else:
        for want, unknown, data, no in read_table(sys.argv[1]):
            print(no, want, python_result(data), "(unknown in C)" if unknown else "")
