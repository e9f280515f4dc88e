"""Benefits estimator: DSSP estimates computed by the openfisca-czechia engine."""
