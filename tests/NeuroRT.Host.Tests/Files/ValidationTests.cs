namespace NeuroRT.Host.Tests.Files;

/// <summary>
/// Each kind of bad pipeline file gets one error naming the file, line and column, what is wrong and
/// what would be valid. Columns are 1-based and point at the offending value (or key).
/// </summary>
public class ValidationTests : IDisposable
{
    private readonly TestPipelines _files = new();

    public void Dispose() => _files.Dispose();

    private const string Source = """
        source:
          type: synthetic
          channels: 4
          duration: 2s
          speed: 0
        """;

    [Fact]
    public void Invalid_yaml_is_reported_at_the_broken_line()
    {
        var d = _files.Error("""
            source:
              type: synthetic
            stages:
              - type: window
                length: [1s, 2s
            """, 6, 1);
        Assert.Contains("invalid YAML", d.Message);
    }

    [Fact]
    public void A_key_written_twice_is_reported()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                length: 1s
                length: 2s
            """, 9, 5);
        Assert.Contains("'length' is written twice in the same mapping", d.Message);
    }

    [Fact]
    public void An_lsl_outlet_thread_other_than_pipeline_or_own_is_reported_at_its_value()
    {
        var d = _files.Error(Source + """

            outputs:
              - type: lsl-outlet
                stream: commands
                thread: fast
            """, 9, 13);
        Assert.Contains("thread must be pipeline or own, got 'fast'", d.Message);
    }

    [Fact]
    public void A_runtime_priority_outside_the_nice_range_is_reported()
    {
        var d = _files.Error(Source + """

            runtime:
              priority: -30
            """, 7, 13);
        Assert.Contains("priority must be a nice value -20 .. 19, got -30", d.Message);
    }

    [Fact]
    public void An_unknown_top_level_key_suggests_the_right_one()
    {
        var d = _files.Error(Source + """

            stage:
              - type: window
            """, 6, 1);
        Assert.Contains("unknown top-level key 'stage'", d.Message);
        Assert.Contains("did you mean 'stages'", d.Message);
        Assert.Contains("valid keys: name, description, source, stages", d.Message);
    }

    [Fact]
    public void A_missing_source_says_how_to_write_one()
    {
        var d = _files.Error("""
            stages:
              - type: window
                length: 1s
            """, 1, 1);
        Assert.Contains("no 'source:'", d.Message);
        Assert.Contains("type: edf", d.Message);
    }

    [Fact]
    public void An_unknown_stage_type_lists_the_valid_types()
    {
        var d = _files.Error(Source + """

            stages:
              - type: windw
                length: 1s
            """, 7, 11);
        Assert.Contains("unknown stage type 'windw'", d.Message);
        Assert.Contains("did you mean 'window'", d.Message);
        Assert.Contains("linear-classifier", d.Message);
    }

    [Fact]
    public void An_unknown_parameter_lists_the_valid_parameters()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                lenght: 1s
            """, 8, 5);
        Assert.Contains("stage 'window' has no parameter 'lenght'", d.Message);
        Assert.Contains("did you mean 'length'", d.Message);
        Assert.Contains("valid parameters: length, step", d.Message);
    }

    [Fact]
    public void A_missing_required_parameter_is_named_with_its_form()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                step: 250ms
            """, 7, 11);
        Assert.Contains("needs parameter 'length'", d.Message);
        Assert.Contains("a duration such as 2s", d.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_says_what_was_expected()
    {
        var d = _files.Error(Source + """

            stages:
              - type: pick
                channels: ch1
            """, 8, 15);
        Assert.Contains("parameter 'channels': expected a list of names such as [C3, C4], got 'ch1'", d.Message);
    }

    [Fact]
    public void A_number_that_is_not_a_number_is_refused()
    {
        var d = _files.Error("""
            source:
              type: synthetic
              channels: eight
            """, 3, 13);
        Assert.Contains("expected a whole number, got 'eight'", d.Message);
    }

    [Fact]
    public void A_wrong_unit_names_the_quantity_and_gives_examples()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                length: 50Hz
            """, 8, 13);
        Assert.Contains("'50Hz' is a frequency, but this parameter is a duration", d.Message);
        Assert.Contains("250ms", d.Message);
    }

    [Fact]
    public void An_unknown_unit_is_refused()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                length: 2 fortnights
            """, 8, 13);
        Assert.Contains("unknown unit 'fortnights'", d.Message);
    }

    [Fact]
    public void A_missing_data_file_is_named_with_where_it_was_looked_for()
    {
        var d = _files.Error("""
            source:
              type: edf
              path: recordings/S001R04.edf
            """, 3, 9);
        Assert.Contains("file not found: 'recordings/S001R04.edf'", d.Message);
        Assert.Contains(Path.Combine(_files.Folder, "recordings", "S001R04.edf"), d.Message);
        Assert.Contains("relative to the pipeline file", d.Message);
    }

    [Fact]
    public void Incompatible_channel_counts_name_both_sides()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                length: 1s
              - type: log-variance
              - type: linear-classifier
                classes: [left, right]
                weights: [[1, -1], [-1, 1]]
            """, 12, 14);
        Assert.Contains("stage 'linear-classifier', parameter 'weights'", d.Message);
        Assert.Contains("has 2 columns but the input has 4 channels (ch1, ch2, ch3, ch4)", d.Message);
    }

    [Fact]
    public void A_channel_the_source_does_not_have_is_named_with_the_available_ones()
    {
        var d = _files.Error(Source + """

            stages:
              - type: pick
                channels: [ch1, ch9]
            """, 8, 15);
        Assert.Contains("channel 'ch9' is not in the input", d.Message);
        Assert.Contains("available: ch1, ch2, ch3, ch4", d.Message);
    }

    [Fact]
    public void An_out_of_range_value_is_refused_at_its_line()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                length: 1s
                step: -250ms
            """, 9, 11);
        Assert.Contains("step must be positive", d.Message);
    }

    [Fact]
    public void A_stage_in_the_wrong_place_says_what_it_needs()
    {
        var d = _files.Error(Source + """

            stages:
              - type: log-variance
            """, 7, 11);
        Assert.Contains("put a 'window' stage before it", d.Message);
    }

    [Fact]
    public void An_enum_value_lists_the_choices()
    {
        var d = _files.Error(Source + """

            outputs:
              - type: console
                format: xml
            """, 8, 13);
        Assert.Contains("'xml' is not one of text, json", d.Message);
    }

    [Fact]
    public void An_edge_to_an_unknown_node_lists_the_nodes()
    {
        var d = _files.Error(Source + """

            nodes:
              - name: win
                type: window
                length: 1s
            edges:
              - from: source
                to: wn
            """, 12, 9);
        Assert.Contains("edge to 'wn': no such node (did you mean 'win'?)", d.Message);
    }

    [Fact]
    public void A_cycle_in_the_graph_is_refused()
    {
        var errors = _files.Errors(Source + """

            nodes:
              - name: a
                type: window
                length: 1s
              - name: b
                type: window
                length: 1s
            edges:
              - a -> b
              - b -> a
            """);
        Assert.Contains(errors, d => d.Message.Contains("cycle"));
    }

    [Fact]
    public void A_node_without_an_input_is_reported()
    {
        var d = _files.Error(Source + """

            nodes:
              - name: win
                type: window
                length: 1s
            edges: []
            """, 7, 11);
        Assert.Contains("node 'win' has no input", d.Message);
    }

    [Fact]
    public void An_output_reading_from_an_unknown_node_is_refused()
    {
        var d = _files.Error(Source + """

            stages:
              - type: window
                length: 1s
            outputs:
              - type: console
                from: windows
            """, 11, 11);
        Assert.Contains("reads from 'windows', which is not a node", d.Message);
    }

    [Fact]
    public void All_binding_errors_are_reported_at_once_in_file_order()
    {
        var errors = _files.Errors(Source + """

            stages:
              - type: window
                length: 50Hz
              - type: pick
                chanels: [ch1]
            runtime:
              block: many
            """);
        // The misspelt 'chanels' is one error, not also a missing 'channels'.
        Assert.Equal(3, errors.Count);
        Assert.Equal([8, 10, 12], errors.Select(e => e.Position.Line));
    }
}
