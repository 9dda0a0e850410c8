# Reference values of R NMF's measures for test/measures-r.test.ts.
#   Rscript scripts/r-measures.R > test/fixtures/r/measures.json
# Inputs are drawn here (set.seed) and stored next to the outputs. R works on features × samples;
# every matrix is stored in nmf-wasm's orientation (samples × features, row-major) with the
# transpose noted, so the test feeds the same numbers to our functions.
suppressMessages({ library(NMF); library(jsonlite) })
set.seed(20261205)

dense <- function(x) list(rows = nrow(x), cols = ncol(x), data = as.vector(t(x)))  # row-major

# Sparseness: vectors and a matrix (mean over its columns).
vectors <- list(c(1, 0, 0, 0), c(1, 1, 1, 1), c(0.2, 3, 0.5, 0, 1.7, 0.05), runif(9))
sparse_matrix <- matrix(runif(5 * 4), 5, 4)
sparse_matrix[2, 3] <- 0

# Clustering scores against classes.
labels <- sample(0:3, 40, replace = TRUE)
classes <- sample(c("a", "b", "c"), 40, replace = TRUE)

# Consensus matrices: mean connectivity of random clusterings with planted structure (ties
# everywhere: entries are multiples of 1/runs), then their tree measures.
consensus_case <- function(n, k, runs, noise) {
  truth <- rep(seq_len(k), length.out = n)
  C <- matrix(0, n, n)
  for (r in seq_len(runs)) {
    cl <- ifelse(runif(n) < noise, sample(seq_len(k), n, replace = TRUE), truth)
    C <- C + connectivity(cl)
  }
  C <- C / runs
  hc <- hclust(as.dist(1 - C), method = "average")
  cl <- cutree(hc, k)
  # NMF 0.25's silhouette(fit, what = 'consensus'): cluster::silhouette of that cut on 1 - C.
  si <- cluster::silhouette(as.integer(cl), dmatrix = 1 - C)
  list(C = dense(unname(C)), k = k, cophenetic = cophcor(unname(C)), dispersion = dispersion(unname(C)),
    clusters = as.integer(cl) - 1L, heights = hc$height,
    silhouette = summary(si)$avg.width, silhouetteWidths = as.vector(si[, "sil_width"]))
}
consensus_cases <- list(consensus_case(12, 3, 6, 0.3), consensus_case(20, 4, 10, 0.45), consensus_case(9, 2, 4, 0.6))

# A real multi-run fit: R's own summary of it (cophenetic, dispersion, consensus silhouette),
# to check the measures above reproduce what nmfEstimateRank reports from the same consensus.
target <- rbind(cbind(matrix(runif(8 * 6, 2, 3), 8, 6), matrix(runif(8 * 6), 8, 6)),
                cbind(matrix(runif(8 * 6), 8, 6), matrix(runif(8 * 6, 2, 3), 8, 6)))
fit <- nmf(target, 3, nrun = 8, seed = 123456, .options = "-p")
s <- summary(fit, target = target)
# The best fit in our orientation: V = t(target), W = t(coef), H = t(basis); R's summary of it.
real_fit <- list(consensus = dense(unname(consensus(fit))), k = 3L, cophenetic = unname(s["cophenetic"]),
  dispersion = unname(s["dispersion"]), silhouette = unname(s["silhouette.consensus"]),
  V = dense(t(target)), W = dense(t(coef(fit))), H = dense(t(basis(fit))),
  clusters = as.integer(as.character(predict(fit))) - 1L, rss = unname(s["rss"]), evar = unname(s["evar"]),
  sparsenessBasis = unname(s["sparseness.basis"]), sparsenessCoef = unname(s["sparseness.coef"]))

# Cluster membership with a tie (R's predict: the first largest coefficient of each sample).
tie_coef <- matrix(c(1, 2, 3, 3, 2, 1, 0.5, 4), 2, 4)
predict_case <- list(W = dense(t(tie_coef)),
  clusters = as.integer(as.character(predict(nmfModel(W = matrix(1, 3, 2), H = tie_coef)))) - 1L)

# Feature scores on a basis (features × k) with a few specific features; ours reads H = t(basis).
basis <- matrix(runif(30 * 3, 0.5, 1), 30, 3)
for (f in 1:6) basis[f, (f %% 3) + 1] <- basis[f, (f %% 3) + 1] + 8
basis[7, ] <- c(3, 2.9, 0.1)

# Residuals: R's target is t(V), its fit t(H) %*% t(W); the sums are the same.
V <- matrix(runif(7 * 5, 0, 4), 7, 5)
W <- matrix(runif(7 * 2), 7, 2)
H <- matrix(runif(2 * 5), 2, 5)

out <- list(
  rVersion = R.version.string, nmfVersion = as.character(packageVersion("NMF")),
  sparseness = list(
    vectors = lapply(vectors, function(v) list(x = v, value = sparseness(v))),
    matrix = list(x = dense(sparse_matrix), value = sparseness(sparse_matrix))),
  clustering = list(labels = labels, classes = classes, purity = purity(as.factor(labels), classes),
    entropy = entropy(as.factor(labels), classes)),
  consensus = consensus_cases, realFit = real_fit, predict = predict_case,
  features = list(H = dense(t(basis)),
    kim = featureScore(basis, "kim"), max = featureScore(basis, "max"),
    extractKim = lapply(extractFeatures(basis, "kim"), function(x) if (all(is.na(x))) integer(0) else as.integer(x) - 1L),
    extractMax = lapply(extractFeatures(basis, "max"), function(x) if (all(is.na(x))) integer(0) else as.integer(x) - 1L)),
  residuals = list(V = dense(V), W = dense(W), H = dense(H),
    rss = rss(t(W %*% H), t(V)), evar = evar(t(W %*% H), t(V)))
)
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE))
