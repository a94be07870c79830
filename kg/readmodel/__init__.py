"""The read model: REST listings from SQLite, kept in step with the embedded store by its writes."""

from kg.readmodel.listings import Listings
from kg.readmodel.model import ReadModel, State

__all__ = ["Listings", "ReadModel", "State"]
