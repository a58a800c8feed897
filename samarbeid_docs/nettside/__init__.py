"""The download page and the source report in build/, and the local server that shows them."""
