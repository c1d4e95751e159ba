"""scikit-learn's bundled datasets (shipped inside the package, no download) with induced shifts."""

import numpy as np
import pandas as pd
import pytest
from sklearn import datasets


def frame(loader):
    bunch = loader(as_frame=True)
    df = bunch.frame.copy()
    return df


def split_by_target(df, target, rng):
    """Reference: a random half; current: the other half, re-weighted towards one target class."""
    order = rng.permutation(len(df))
    reference = df.iloc[order[: len(df) // 2]].reset_index(drop=True)
    rest = df.iloc[order[len(df) // 2:]]
    heavy = rest[rest[target] == rest[target].max()]
    current = pd.concat([rest, heavy, heavy]).reset_index(drop=True)
    return reference, current


LOADERS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "diabetes": datasets.load_diabetes,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_random_halves_do_not_drift(compare, name):
    df = frame(LOADERS[name])
    rng = np.random.default_rng(31)
    order = rng.permutation(len(df))
    compare(df.iloc[order[: len(df) // 2]], df.iloc[order[len(df) // 2:]])


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_class_reweighting(compare, name):
    df = frame(LOADERS[name])
    compare(*split_by_target(df, "target", np.random.default_rng(32)))


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_scaled_noisy_features_with_missing_values(compare, name):
    df = frame(LOADERS[name])
    rng = np.random.default_rng(33)
    reference = df.copy()
    current = df.sample(frac=0.8, random_state=7).reset_index(drop=True)
    features = [c for c in df.columns if c != "target"]
    for i, column in enumerate(features[:6]):
        if i % 3 == 0:
            current[column] = current[column] * 1.3
        elif i % 3 == 1:
            current[column] = current[column] + rng.normal(0, current[column].std() * 0.5, len(current))
        current.loc[current.sample(frac=0.1, random_state=i).index, column] = np.nan
    compare(reference, current)


def test_large_reference_from_repeated_rows(compare):
    # > 1000 reference rows switches numerical columns to wasserstein and categorical ones to jensenshannon
    df = frame(datasets.load_breast_cancer)
    rng = np.random.default_rng(34)
    reference = pd.concat([df] * 3).reset_index(drop=True)
    current = df.sample(n=800, replace=True, random_state=3).reset_index(drop=True)
    current["mean radius"] = current["mean radius"] + rng.normal(0.5, 0.2, len(current))
    compare(reference, current)
