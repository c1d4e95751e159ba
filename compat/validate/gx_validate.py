"""Validates a pandas DataFrame with great-expectations 1.24.1 against a suite given as a dict
({"name", "expectations": [{"type", "kwargs"}]}), result_format BASIC; returns GX's result JSON dict."""

import json
import logging
import warnings

import great_expectations as gx
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

logging.getLogger("great_expectations").setLevel(logging.ERROR)


def gx_validate(df, suite):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context = gx.get_context(mode="ephemeral")
        source = context.data_sources.add_pandas("pandas")
        asset = source.add_dataframe_asset("frame")
        batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": df})
        gx_suite = context.suites.add(gx.ExpectationSuite(name=suite.get("name", "suite")))
        for expectation in suite["expectations"]:
            gx_suite.add_expectation_configuration(
                ExpectationConfiguration(type=expectation["type"], kwargs=dict(expectation.get("kwargs", {}))))
        result = batch.validate(gx_suite, result_format="BASIC")
        return json.loads(json.dumps(result.to_json_dict(), default=str))
