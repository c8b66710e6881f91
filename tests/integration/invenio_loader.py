"""InvenioRDM's own loader on what rdm-s3 reads and writes (issue 14.1).

  invenio_loader.py table CASES.txt   the table's results, from the real
      ast.literal_eval and from invenio-config's InvenioConfigEnvironment
      (the loader invenio-app runs on INVENIO_* variables): TAP lines
  invenio_loader.py dotenv DIR NAME...   DIR/.env read with python-dotenv
      (what `pipenv run` does), then the loader: prints NAME<TAB>TYPE<TAB>
      VALUE (the value hex-encoded, since it may be a secret)

Runs in the virtual environment that tests/invenio/install.sh makes; never
used by rdm-s3 itself.
"""
import os
import sys

from flask import Flask
from invenio_config.env import InvenioConfigEnvironment

import pyliteral_table as table


def loader(environ, config=None):
    """app.config after invenio-config's env loader ran on environ."""
    saved = dict(os.environb)
    os.environb.clear()
    os.environb.update(environ)
    try:
        app = Flask("rdm-s3-test")
        app.config.update(config or {})
        InvenioConfigEnvironment(app=app)
        return app.config
    finally:
        os.environb.clear()
        os.environb.update(saved)


def check_table(path):
    n = 0
    failed = 0
    for want, _unknown, data, no in table.read_table(path):
        got = table.python_result(data)
        n += 1
        ok = got == want
        print("%s %d - ast.literal_eval, line %d: %s%s" % ("ok" if ok else "not ok", n, no, want,
                                                          "" if ok else " (Python says %s)" % got))
        failed += not ok
        if want == "crash" or not data:
            continue  # the loader would crash too; an empty value is not evaluated
        n += 1
        try:
            value = loader({b"INVENIO_T": data})["T"]
            if want == "raw":
                ok = value == data.decode("utf-8", "surrogateescape")
            else:
                ok = table.describe(value) == want
            got = table.describe(value)
        except TypeError:
            got = "TypeError"
            ok = want == "TypeError"
        print("%s %d - invenio-config loader, line %d: %s%s" % ("ok" if ok else "not ok", n, no, want,
                                                               "" if ok else " (loader gives %s)" % got))
        failed += not ok
    print("1..%d" % n)
    return 1 if failed else 0


def check_dotenv(folder, names):
    from dotenv import dotenv_values

    values = dotenv_values(os.path.join(folder, ".env"))
    environ = {k.encode(): v.encode("utf-8", "surrogateescape") for k, v in values.items() if v is not None}
    config = loader(environ)
    for name in names:
        value = config.get(name)
        text = value if isinstance(value, str) else repr(value)
        print("%s\t%s\t%s" % (name, type(value).__name__, text.encode("utf-8", "surrogatepass").hex()))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "table":
        sys.exit(check_table(sys.argv[2]))
    sys.exit(check_dotenv(sys.argv[2], sys.argv[3:]))
