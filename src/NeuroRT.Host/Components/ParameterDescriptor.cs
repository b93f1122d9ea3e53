using System.Reflection;
using NeuroRT.Core.Configuration;

namespace NeuroRT.Host.Components;

/// <summary>One parameter of a component: its pipeline-file key, the property it sets, and how values are read.</summary>
public sealed record ParameterDescriptor(string Name, PropertyInfo Property, ParameterAttribute Attribute)
{
    /// <summary>How the value is written, for help and error messages: <c>duration</c>, <c>list of names</c>, ...</summary>
    public string Describe() => ValueKinds.Describe(Property.PropertyType, Attribute);
}
