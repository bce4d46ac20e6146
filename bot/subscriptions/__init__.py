"""What each chat receives: topic and kind choices, pausing, the /topics screens."""
