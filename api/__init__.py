"""kg's HTTP service: the SPARQL 1.1 protocols, a REST API over canned queries, linked data.

Start it with ``kg serve`` or ``uvicorn api.app:create_app --factory``.
"""
