# The bare COW directed dyad-year panel with R and dplyr, as a researcher
# writes it (bench/README.md, "Panels"): a state-year per year of each
# membership spell (COW's rule: a member in any part of the year), one per
# state and year, every ordered pair of the year's members, written as CSV.
#
# usage: Rscript panel_dplyr.R COW_STATELIST.csv OUT.csv
suppressPackageStartupMessages({
	library(dplyr)
	library(readr)
})
args <- commandArgs(trailingOnly = TRUE)
states <- read_csv(args[1], show_col_types = FALSE)
sy <- states %>%
	rowwise() %>%
	summarise(ccode = ccode, year = styear:endyear, .groups = "drop") %>%
	distinct() %>%
	filter(year >= 1816, year <= 2024)
dy <- inner_join(sy, sy, by = "year", suffix = c("1", "2")) %>%
	filter(ccode1 != ccode2) %>%
	select(year, ccode1, ccode2) %>%
	arrange(year, ccode1, ccode2)
write_csv(dy, args[2])
message(nrow(dy))
