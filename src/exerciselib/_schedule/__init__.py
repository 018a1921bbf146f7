"""The schedule engine: session timelines, progression and dated plans."""
