"""The REST API: a thin, typed layer over the canned queries in ``queries/``."""
