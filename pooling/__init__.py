"""The pooling product: scenarios of course requests and school offers in, verified proposals
of viable cohorts out, with every unplaced learner explained.

`pooling` owns the domain (courses, schools, offers, requests), reading and validating
scenarios, translation to and from the integer `solver`, explanations, the independent
proposal verifier, file export and the command line. Its one service is `propose()`.
"""
