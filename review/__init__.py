"""Review before publishing: a contributor's submission waits in a queue that editors see on
their dashboard home; an editor publishes or schedules it from the post editor, or sends it
back with a note, and the contributor is e-mailed either way."""
