"""nomenklatur: periksa kode dan nomenklatur Permendagri 90/2019 dalam dokumen perencanaan daerah."""

__version__ = "0.1.0"
