"""What a person feels, black-box, each figure beside its anchor: ``python -m benchmarks``."""
