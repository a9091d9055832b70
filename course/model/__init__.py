"""Pure computations behind the explorers: no widgets, no I/O."""
