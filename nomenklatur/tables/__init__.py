"""Versioned reference tables: Permendagri 90/2019 nomenclature, accounts, regions, and crosswalks."""

from nomenklatur.tables.catalog import Catalog, Choice, TableNotFound, default_catalog
from nomenklatur.tables.meta import TableMeta
from nomenklatur.tables.table import Crosswalk, CrosswalkLink, Entry, Table

__all__ = ["Catalog", "Choice", "Crosswalk", "CrosswalkLink", "Entry", "Table", "TableMeta", "TableNotFound",
           "default_catalog"]
