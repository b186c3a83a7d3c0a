"""Django's SQLite backend, with a request's turn set aside while it waits on the database's
disk or its write lock (throttle/turns.py).

A write to SQLite waits twice where no Python of the worker is needed: for the write lock,
which a writer in another worker may hold (SQLite's busy handler sleeps, 1 ms, then 2, 5,
10 ...), and for the commit's sync to disk (synchronous=FULL). A request that holds its turn
meanwhile holds up every request behind it in the worker: in a storm of wrong passwords each
attempt writes its failure, and the readers' p99 in the storm was 3.5 to 3.8 times their calm
p99. Stepping aside for the start of a write transaction, its commit, and a write run on its
own (autocommit), the other requests take turns meanwhile: 2.1 to 2.5 (bench/storm.py).
Reads never step aside: in WAL mode they wait for nothing.
"""

from django.db.backends.sqlite3 import base

from throttle.turns import stepped_aside

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        if not self.connection.in_transaction and _writes(query):
            with stepped_aside():  # a write of its own: the lock, the write and its sync
                return super().execute(query, params)
        return super().execute(query, params)

    def executemany(self, query, param_list):
        if not self.connection.in_transaction and _writes(query):
            with stepped_aside():
                return super().executemany(query, param_list)
        return super().executemany(query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)

    def _start_transaction_under_autocommit(self):
        with stepped_aside():  # BEGIN IMMEDIATE waits for the write lock
            super()._start_transaction_under_autocommit()

    def _commit(self):
        with stepped_aside():  # the sync to disk
            return super()._commit()


def _writes(query: str) -> bool:
    return query.lstrip()[:7].upper().startswith(WRITES)
