"""whitepaper: China's space white papers as clean, versioned Parquet tables.

Stages, in the order data flows: ingest -> repair -> segment -> annotate -> tables -> write.
"""

__version__ = "0.1.0"
