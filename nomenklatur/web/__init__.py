"""The web page for the people who write the proposals (`nomenklatur serve`): `app` the routes, `halaman` the
pages, `pekerja` the worker processes that check, `unggahan` the handling of uploaded files."""
