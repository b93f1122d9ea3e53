using NeuroRT.Onnx.Native;

namespace NeuroRT.Onnx.Session;

/// <summary>What a model says about itself: the standard fields and its custom key/value map (<c>metadata_props</c>).</summary>
/// <param name="ProducerName">The producer (e.g. <c>pytorch</c>).</param>
/// <param name="Description">The model's doc string.</param>
/// <param name="Version">The model's <c>model_version</c>.</param>
/// <param name="Custom">The custom metadata map; values are plain strings.</param>
public sealed record ModelMetadata(string ProducerName, string Description, long Version, IReadOnlyDictionary<string, string> Custom)
{
    internal static unsafe ModelMetadata Read(OrtApi api, nint session, nint allocator)
    {
        nint meta;
        api.Check(api.SessionGetModelMetadata(session, &meta), "SessionGetModelMetadata");
        try
        {
            byte* s;
            api.Check(api.ModelMetadataGetProducerName(meta, allocator, &s), "ModelMetadataGetProducerName");
            string producer = api.TakeString(allocator, s);
            api.Check(api.ModelMetadataGetDescription(meta, allocator, &s), "ModelMetadataGetDescription");
            string description = api.TakeString(allocator, s);
            long version;
            api.Check(api.ModelMetadataGetVersion(meta, &version), "ModelMetadataGetVersion");
            byte** keys;
            long count;
            api.Check(api.ModelMetadataGetCustomMetadataMapKeys(meta, allocator, &keys, &count), "ModelMetadataGetCustomMetadataMapKeys");
            var custom = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                for (long i = 0; i < count; i++)
                {
                    byte* value;
                    api.Check(api.ModelMetadataLookupCustomMetadataMap(meta, allocator, keys[i], &value), "ModelMetadataLookupCustomMetadataMap");
                    string key = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)keys[i]) ?? "";
                    custom[key] = api.TakeString(allocator, value);
                }
            }
            finally
            {
                // Each key and the array itself were allocated with `allocator`.
                for (long i = 0; i < count; i++) api.Free(allocator, keys[i]);
                api.Free(allocator, keys);
            }
            return new ModelMetadata(producer, description, version, custom);
        }
        finally
        {
            api.ReleaseModelMetadata(meta);
        }
    }
}
