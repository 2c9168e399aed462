"""Benchmarks behind ``align bench``: translation throughput and aligner scaling."""
