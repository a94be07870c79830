"""``python -m kg.executor FD SPILL_DIR``: a query worker, started by :class:`~kg.executor.pool.QueryPool`."""

import sys
from multiprocessing.connection import Connection

from kg.executor.worker import main

if __name__ == "__main__":
    main(Connection(int(sys.argv[1])), sys.argv[2])
